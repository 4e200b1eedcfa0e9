// The evidence report a person copies (Markdown) or saves (JSON) and sends with a Deep Cleanup
// request or a lock problem. Pure: the caller gathers the figures, this decides what goes in.
// Privacy: home paths become "~"; there are no file contents, no downloads (their names and
// addresses are history) and no holder arguments; site origins appear only when asked for.
import type { LockHealthSummary, LockReport } from './commands/lock-health.ts';
import type { FilesystemStatus } from './filesystem-status.ts';
import { formatBytes, formatCount, formatPercent, redactHome } from './format.ts';
import {
	CATEGORY_RISK,
	RISK_LEVELS,
	type RiskLevel,
	type StorageCategory,
} from './storage-risk.ts';

export const EVIDENCE_SCHEMA = 'safedisk-evidence/1';

// How many locks the report describes, problems first; the rest are only counted, so a
// directory with thousands of locks still gives a report that can be pasted.
export const REPORT_LOCKS = 50;

export interface EvidenceCulprit {
	category: StorageCategory;
	browserLabel: string;
	profile: string | null;
	site: string | null;
	allocatedBytes: number;
	risk: RiskLevel;
}

export interface EvidenceScan {
	scannedAt: string;
	allocatedBytes: number;
	byRisk: Record<RiskLevel, { allocatedBytes: number; reclaimableBytes: number; items: number }>;
	browsers: { label: string; userDataDir: string; running: string; allocatedBytes: number }[];
	// Biggest first; the caller decides how many.
	culprits: EvidenceCulprit[];
	// Counts and sizes only.
	downloads: { count: number; existing: number; existingBytes: number } | null;
	freeCleanup: {
		category: StorageCategory;
		estimateBytes: number;
		freedBytes: number | null;
		remainingReclaimableBytes: number | null;
	} | null;
}

export interface EvidenceInput {
	generatedAt: string;
	homeDir: string | null;
	includeSites: boolean;
	versions: {
		extension: string;
		host: string | null;
		node: string | null;
		browser: string;
		platform: string | null;
	};
	scan: EvidenceScan | null;
	disks: FilesystemStatus[];
	locks: {
		reports: LockReport[];
		summary: Pick<LockHealthSummary, 'total' | 'problemCount'> | null;
	} | null;
}

// A lock as the report tells it: the verdict and its evidence, without file contents.
export type EvidenceLock = ReturnType<typeof toEvidenceLock>;

export interface EvidenceReport {
	schema: typeof EVIDENCE_SCHEMA;
	generatedAt: string;
	privacy: { homeRedacted: boolean; sites: 'included' | 'left-out' };
	versions: EvidenceInput['versions'];
	scan: EvidenceScan | null;
	disks: FilesystemStatus[];
	locks: EvidenceLock[];
	// Locks checked but not described in `locks`.
	locksLeftOut: number;
	lockSummary: { total: number; problems: number } | null;
}

// Problems first, at most REPORT_LOCKS, and how many of the locks checked are left out.
function reportedLocks(locks: EvidenceInput['locks']) {
	const reports = locks?.reports ?? [];
	const chosen = [
		...reports.filter((report) => report.problem),
		...reports.filter((report) => !report.problem),
	].slice(0, REPORT_LOCKS);
	const checked = Math.max(locks?.summary?.total ?? 0, reports.length);
	return { locks: chosen.map(toEvidenceLock), locksLeftOut: checked - chosen.length };
}

export function buildEvidenceReport(input: EvidenceInput): EvidenceReport {
	const report: EvidenceReport = {
		schema: EVIDENCE_SCHEMA,
		generatedAt: input.generatedAt,
		privacy: {
			homeRedacted: input.homeDir !== null,
			sites: input.includeSites ? 'included' : 'left-out',
		},
		versions: { ...input.versions },
		scan: input.scan === null ? null : scanWithSites(input.scan, input.includeSites),
		disks: input.disks.map((disk) => ({ ...disk })),
		...reportedLocks(input.locks),
		lockSummary: input.locks?.summary
			? { total: input.locks.summary.total, problems: input.locks.summary.problemCount }
			: null,
	};
	return input.homeDir === null ? report : redactStrings(report, input.homeDir);
}

// Left-out origins become "site 1", "site 2"…, the same name for the same origin.
function scanWithSites(scan: EvidenceScan, includeSites: boolean): EvidenceScan {
	const names = new Map<string, string>();
	const pseudonym = (site: string) => {
		if (!names.has(site)) names.set(site, `site ${names.size + 1}`);
		return names.get(site) as string;
	};
	return {
		...scan,
		culprits: scan.culprits.map((culprit) => ({
			...culprit,
			site: culprit.site === null || includeSites ? culprit.site : pseudonym(culprit.site),
		})),
	};
}

// A holder's arguments can carry secrets; only the program itself is kept.
function programOf(commandLine: string | null): string | null {
	const first = commandLine?.trim().split(/\s+/)[0];
	return first ? first : null;
}

function toEvidenceLock(report: LockReport) {
	return {
		path: report.path,
		kind: report.kind,
		convention: report.convention,
		verdict: report.verdict,
		reason: report.reason,
		explanation: report.explanation,
		mayTakeOver: report.takeover.mayTakeOver,
		holder: {
			pid: report.holder?.pid ?? null,
			hostname: report.holder?.hostname ?? null,
			state: report.holder?.state ?? 'unknown',
			program: programOf(report.holder?.commandLine ?? null),
		},
		heartbeat: {
			source: report.heartbeat.source,
			at: report.heartbeat.at,
			ageMs: report.heartbeat.ageMs,
			staleMs: report.heartbeat.staleThresholdMs,
		},
		filesystem: report.filesystem,
		notes: [...report.notes],
	};
}

function redactStrings<T>(value: T, home: string): T {
	if (typeof value === 'string') return redactHome(value, home) as T;
	if (Array.isArray(value)) return value.map((entry) => redactStrings(entry, home)) as T;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value).map(([key, entry]) => [key, redactStrings(entry, home)]);
		return Object.fromEntries(entries) as T;
	}
	return value;
}

export function evidenceJson(report: EvidenceReport): string {
	return `${JSON.stringify(report, null, 2)}\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function diskLine(disk: FilesystemStatus): string {
	const inodes =
		disk.freeInodes === null || disk.totalInodes === null
			? 'no fixed inode limit'
			: `${formatCount(disk.freeInodes)} of ${formatCount(disk.totalInodes)} inodes free`;
	const flags = [disk.readOnly ? 'read-only' : null, disk.writable ? null : 'not writable']
		.filter((flag) => flag !== null)
		.join(', ');
	return `- \`${disk.path}\`: ${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)} (${formatPercent(disk.usedPercent)} used), ${inodes}; ${disk.fsType} on ${disk.mountPoint ?? '?'}; ${disk.condition}${flags ? ` (${flags})` : ''}`;
}

const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

function freeCleanupLine(free: NonNullable<EvidenceScan['freeCleanup']>): string {
	const freed =
		free.freedBytes === null ? 'not measured' : `${formatBytes(free.freedBytes)} freed (measured)`;
	const left =
		free.remainingReclaimableBytes === null
			? ''
			: `; ${formatBytes(free.remainingReclaimableBytes)} still reclaimable`;
	return `Free cleanup: ${CATEGORY_RISK[free.category].label}, estimated ${formatBytes(free.estimateBytes)}, ${freed}${left}.`;
}

function scanSection(scan: EvidenceScan): string[] {
	const lines = [
		'## Browser storage scan',
		'',
		`Scanned at ${scan.scannedAt}: ${formatBytes(scan.allocatedBytes)} on disk.`,
		'',
	];
	lines.push(row(['risk', 'on disk', 'reclaimable', 'items']), row(['---', '---', '---', '---']));
	for (const risk of RISK_LEVELS) {
		const { allocatedBytes, reclaimableBytes, items } = scan.byRisk[risk];
		lines.push(
			row([risk, formatBytes(allocatedBytes), formatBytes(reclaimableBytes), formatCount(items)]),
		);
	}
	lines.push(
		'',
		...scan.browsers.map(
			(b) => `- ${b.label} (\`${b.userDataDir}\`, ${b.running}): ${formatBytes(b.allocatedBytes)}`,
		),
	);
	lines.push(
		'',
		row(['culprit', 'where', 'site', 'on disk', 'risk']),
		row(['---', '---', '---', '---', '---']),
	);
	for (const c of scan.culprits) {
		const where = `${c.browserLabel}${c.profile ? ` / ${c.profile}` : ''}`;
		lines.push(
			row([
				CATEGORY_RISK[c.category].label,
				where,
				c.site ?? '–',
				formatBytes(c.allocatedBytes),
				c.risk,
			]),
		);
	}
	const d = scan.downloads;
	if (d)
		lines.push(
			'',
			`Downloads: ${formatCount(d.count)} listed, ${formatCount(d.existing)} still on disk (${formatBytes(d.existingBytes)}).`,
		);
	if (scan.freeCleanup) lines.push('', freeCleanupLine(scan.freeCleanup));
	return lines;
}

function lockSection(lock: EvidenceLock): string[] {
	const holder = lock.holder;
	const age =
		lock.heartbeat.ageMs === null ? 'unknown' : `${Math.round(lock.heartbeat.ageMs / 1000)} s`;
	const lines = [
		`### \`${lock.path}\``,
		'',
		`- verdict: **${lock.verdict}** (${lock.reason}); may take over: ${lock.mayTakeOver ? 'yes' : 'no'}`,
		`- ${lock.explanation}`,
		`- kind: ${lock.kind} (${lock.convention})`,
		`- holder: pid ${holder.pid ?? '?'} on ${holder.hostname ?? '?'}, ${holder.state}${holder.program ? `, \`${holder.program}\`` : ''}`,
		`- heartbeat (${lock.heartbeat.source}): ${lock.heartbeat.at ?? 'never'}, age ${age}, stale after ${lock.heartbeat.staleMs === null ? '?' : `${lock.heartbeat.staleMs} ms`}`,
	];
	if (lock.filesystem) lines.push(`- filesystem: ${diskLine(lock.filesystem).slice(2)}`);
	for (const note of lock.notes) lines.push(`- note: ${note}`);
	lines.push('');
	return lines;
}

export function evidenceMarkdown(report: EvidenceReport): string {
	const v = report.versions;
	const lines = [
		'# SafeDisk evidence report',
		'',
		`Generated ${report.generatedAt}. SafeDisk extension ${v.extension}, helper ${v.host ?? 'not connected'}, Node ${v.node ?? '?'}, ${v.browser}, ${v.platform ?? '?'}.`,
		`Home folder shown as \`~\`; site names ${report.privacy.sites === 'included' ? 'included' : 'left out'}; no file contents, downloads or browsing history.`,
		'',
	];
	if (report.scan) lines.push(...scanSection(report.scan), '');
	if (report.disks.length > 0) lines.push('## Disks', '', ...report.disks.map(diskLine), '');
	if (report.locks.length > 0 || report.lockSummary) {
		const summary = report.lockSummary;
		lines.push('## Lock health', '');
		if (summary)
			lines.push(
				`${formatCount(summary.total)} locks checked; ${formatCount(summary.problems)} problems noted (locks and directories).`,
				'',
			);
		for (const lock of report.locks) lines.push(...lockSection(lock));
		if (report.locksLeftOut > 0)
			lines.push(
				`${formatCount(report.locksLeftOut)} more locks left out of this report (problems are listed first); \`safedisk locks\` lists them all.`,
				'',
			);
	}
	return `${lines.join('\n').trimEnd()}\n`;
}
