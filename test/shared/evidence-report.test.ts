import { describe, expect, it } from 'vitest';
import type { LockReport } from '../../shared/commands/lock-health.ts';
import { evidenceMarkdown } from '../../shared/evidence-markdown.ts';
import {
	buildEvidenceReport,
	type EvidenceInput,
	evidenceJson,
	REPORT_LOCKS,
} from '../../shared/evidence-report.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';

const HOME = '/home/ada';

const disk: FilesystemStatus = {
	path: `${HOME}/.config/google-chrome`,
	mountPoint: '/',
	fsType: 'ext4',
	totalBytes: 100 * 1024 ** 3,
	freeBytes: 5 * 1024 ** 3,
	usedPercent: 95,
	totalInodes: 1000,
	freeInodes: 10,
	usedInodesPercent: 99,
	readOnly: false,
	writable: false,
	writeError: `EACCES: permission denied, open '${HOME}/.config/google-chrome/.safedisk-write-check'`,
	condition: 'not-writable',
};

const lock: LockReport = {
	path: `${HOME}/.claude/session.lock`,
	directory: `${HOME}/.claude`,
	kind: 'owner-record',
	entryType: 'directory',
	convention: 'JSON owner record',
	holder: {
		pid: 4242,
		hostname: 'laptop',
		source: 'owner-record',
		state: 'dead',
		check: 'no-such-process',
		errno: 'ESRCH',
		commandLine: `${HOME}/.local/bin/agent --api-key sk-secret-123 --resume`,
	},
	kernelLocks: [],
	heartbeat: {
		path: `${HOME}/.claude/session.lock/heartbeat`,
		source: 'file-mtime',
		at: '2026-01-01T00:00:00.000Z',
		ageMs: 3_600_000,
		staleThresholdMs: 30_000,
		future: false,
		stat: null,
	},
	verdict: 'stale-not-stealable',
	reason: 'filesystem-full',
	explanation: `The heartbeat of ${HOME}/.claude/session.lock is an hour old, but its filesystem is out of space.`,
	takeover: { verdict: 'stale-not-stealable', reason: 'filesystem-full', mayTakeOver: false },
	problem: true,
	notes: [`checked from ${HOME}`],
	filesystem: disk,
};

function input(overrides: Partial<EvidenceInput> = {}): EvidenceInput {
	const totals = { allocatedBytes: 3 * 1024 ** 3, reclaimableBytes: 2 * 1024 ** 3, items: 4 };
	return {
		generatedAt: '2026-01-02T03:04:05.000Z',
		homeDir: HOME,
		includeSites: false,
		versions: {
			extension: '0.1.0',
			host: '0.1.0',
			node: 'v20.20.2',
			browser: 'Chrome 156',
			platform: 'linux x64',
		},
		scan: {
			scannedAt: '2026-01-02T03:00:00.000Z',
			allocatedBytes: 9 * 1024 ** 3,
			byRisk: { low: totals, medium: totals, high: totals },
			browsers: [
				{
					label: 'Google Chrome',
					userDataDir: `${HOME}/.config/google-chrome`,
					running: 'running',
					allocatedBytes: 9,
				},
			],
			culprits: [
				{
					category: 'indexeddb',
					browserLabel: 'Google Chrome',
					profile: 'Ada',
					site: 'https://mail.example',
					allocatedBytes: 5e9,
					risk: 'high',
				},
				{
					category: 'http-cache',
					browserLabel: 'Google Chrome',
					profile: 'Ada',
					site: 'https://video.example',
					allocatedBytes: 2e9,
					risk: 'low',
				},
				{
					category: 'code-cache',
					browserLabel: 'Google Chrome',
					profile: 'Ada',
					site: 'https://mail.example',
					allocatedBytes: 1e6,
					risk: 'low',
				},
			],
			downloads: { count: 12, existing: 3, existingBytes: 4e9 },
			freeCleanup: {
				category: 'http-cache',
				estimateBytes: 2e9,
				freedBytes: 1.9e9,
				remainingReclaimableBytes: 4e9,
			},
		},
		disks: [disk],
		locks: { reports: [lock], summary: { total: 1, problemCount: 1 } },
		...overrides,
	};
}

// Every string anywhere in the JSON form.
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
	return [];
}

describe('the evidence report', () => {
	it('shows the home folder as ~ everywhere, in JSON and in Markdown', () => {
		const report = buildEvidenceReport(input());
		expect(strings(report).some((text) => text.includes(HOME))).toBe(false);
		expect(report.locks[0]?.path).toBe('~/.claude/session.lock');
		expect(report.disks[0]?.writeError).toContain('~/.config/google-chrome');
		expect(evidenceMarkdown(report)).not.toContain(HOME);
		expect(evidenceMarkdown(report)).toContain('`~/.claude/session.lock`');
	});

	it('leaves site names out unless asked, naming the same site the same way', () => {
		const report = buildEvidenceReport(input());
		expect(report.scan?.culprits.map((culprit) => culprit.site)).toEqual([
			'site 1',
			'site 2',
			'site 1',
		]);
		expect(evidenceJson(report)).not.toContain('example');
		const withSites = buildEvidenceReport(input({ includeSites: true }));
		expect(withSites.scan?.culprits[0]?.site).toBe('https://mail.example');
		expect(withSites.privacy.sites).toBe('included');
	});

	it('holds no download names, no browsing history and no holder arguments', () => {
		const report = buildEvidenceReport(input());
		expect(report.scan?.downloads).toEqual({ count: 12, existing: 3, existingBytes: 4e9 });
		expect(report.locks[0]?.holder.program).toBe('~/.local/bin/agent');
		const everything = `${evidenceJson(report)}${evidenceMarkdown(report)}`;
		expect(everything).not.toContain('sk-secret-123');
		expect(everything).not.toContain('--resume');
	});

	it('says the same figures in both formats: scan totals, disks, lock verdicts and versions', () => {
		const report = buildEvidenceReport(input());
		const json = JSON.parse(evidenceJson(report));
		expect(json).toMatchObject({
			schema: 'safedisk-evidence/1',
			versions: { browser: 'Chrome 156' },
		});
		expect(json.locks[0]).toMatchObject({
			verdict: 'stale-not-stealable',
			reason: 'filesystem-full',
			mayTakeOver: false,
		});
		const markdown = evidenceMarkdown(report);
		expect(markdown).toMatch(/^# SafeDisk evidence report\n/);
		expect(markdown).toContain('| low | 3.00 GiB | 2.00 GiB | 4 |');
		expect(markdown).toContain('5.00 GiB free of 100 GiB (95% used), 10 of 1,000 inodes free');
		expect(markdown).toContain('**stale-not-stealable** (filesystem-full)');
		expect(markdown).toContain(
			'Free cleanup: HTTP cache, estimated 1.86 GiB, 1.77 GiB freed (measured)',
		);
		expect(markdown).toContain('SafeDisk extension 0.1.0, helper 0.1.0, Node v20.20.2, Chrome 156');
	});

	it('reports locks alone when there is no scan, and nothing about a scan that did not happen', () => {
		const report = buildEvidenceReport(input({ scan: null, disks: [] }));
		const markdown = evidenceMarkdown(report);
		expect(markdown).not.toContain('Browser storage scan');
		expect(markdown).toContain('## Lock health');
	});

	it('describes problem locks first and only counts the rest when thousands of locks were checked', () => {
		const healthy: LockReport = { ...lock, verdict: 'held-healthy', problem: false };
		const reports = Array.from({ length: 400 }, (_, index) => ({
			...(index % 100 === 99 ? lock : healthy),
			path: `${HOME}/locks/${index}.lock`,
		}));
		const report = buildEvidenceReport(
			input({ locks: { reports, summary: { total: 20_000, problemCount: 200 } } }),
		);
		expect(report.locks).toHaveLength(REPORT_LOCKS);
		expect(report.locks.slice(0, 4).every((entry) => entry.verdict === 'stale-not-stealable')).toBe(
			true,
		);
		expect(report.locksLeftOut).toBe(20_000 - REPORT_LOCKS);
		const markdown = evidenceMarkdown(report);
		expect(markdown).toContain('19,950 more locks left out of this report');
		expect(markdown.length).toBeLessThan(100_000);
	});
});
