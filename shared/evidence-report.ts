// The evidence report a person copies (Markdown) or saves (JSON) and sends with a Deep Cleanup
// request or a lock problem. Pure: the caller gathers the figures, this decides what goes in.
// Privacy: home paths become "~"; there are no file contents, no downloads (their names and
// addresses are history) and no holder arguments; site origins appear only when asked for.
import type { LockHealthSummary, LockReport } from './commands/lock-health.ts';
import type { FilesystemStatus } from './filesystem-status.ts';
import { redactHome } from './format.ts';
import type { RiskLevel, StorageCategory } from './storage-risk.ts';

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
