import { z } from 'zod';
import { filesystemStatusSchema } from '../filesystem-status.ts';
import {
	LOCK_VERDICTS,
	PROBE_REASONS,
	PROCESS_STATES,
	TAKEOVER_REASONS,
	TAKEOVER_VERDICTS,
} from '../lock-health.ts';

// The lock conventions the checker recognises.
export const LOCK_KINDS = [
	'safedisk',
	'mkdir-mtime',
	'owner-record',
	'pid-file',
	'kernel-lock',
	'exclusive-create',
	'unknown',
] as const;
export type LockKind = (typeof LOCK_KINDS)[number];

// Reasons only a directory scan can give: why a lock is an orphan or could not be judged.
export const CHECKER_REASONS = [
	'not-held',
	'resource-gone',
	'owner-record-malformed',
	'owner-record-too-large',
	'content-unrecognised',
	'unreadable',
	'special-file',
	'symlink',
] as const;
export type CheckerReason = (typeof CHECKER_REASONS)[number];

// How the holder's liveness was decided: the probe's own reasons, or why no probe was made.
export const HOLDER_CHECKS = [
	...PROBE_REASONS,
	'not-probed-other-host',
	'not-probed-other-pid-namespace',
	'no-pid',
] as const;

// The `stat` figures of one path.
export const pathStatSchema = z.object({
	path: z.string(),
	type: z.enum(['file', 'directory', 'symlink', 'other']),
	size: z.number(),
	mode: z.string(),
	uid: z.number(),
	gid: z.number(),
	inode: z.number(),
	device: z.string(),
	mtime: z.string(),
	ctime: z.string(),
});
export type PathStat = z.infer<typeof pathStatSchema>;

export const lockHolderSchema = z.object({
	pid: z.number().nullable(),
	hostname: z.string().nullable(),
	source: z.enum(['owner-record', 'pid-file', 'kernel-lock', 'open-file', 'git-process']),
	state: z.enum(PROCESS_STATES),
	check: z.enum(HOLDER_CHECKS),
	errno: z.string().nullable(),
	// /proc/<pid>/cmdline of a live local holder, arguments joined by spaces, capped.
	commandLine: z.string().nullable(),
});
export type LockHolder = z.infer<typeof lockHolderSchema>;

export const kernelLockSchema = z.object({
	type: z.string(),
	mode: z.string(),
	pid: z.number().nullable(),
});

export const lockReportSchema = z.object({
	path: z.string(),
	// The directory the lock lives in; its filesystem status is `filesystem`.
	directory: z.string(),
	kind: z.enum(LOCK_KINDS),
	entryType: z.enum(['file', 'directory', 'symlink', 'other']),
	// The tool or convention the lock was recognised as, in words ("proper-lockfile", "git").
	convention: z.string(),
	holder: lockHolderSchema.nullable(),
	kernelLocks: z.array(kernelLockSchema),
	heartbeat: z.object({
		path: z.string(),
		// What counts as the heartbeat in this convention.
		source: z.enum(['owner-record', 'file-mtime', 'directory-mtime', 'kernel-lock-table', 'none']),
		at: z.string().nullable(),
		ageMs: z.number().nullable(),
		staleThresholdMs: z.number().nullable(),
		// The mtime is ahead of the clock: the clock jumped back, the age cannot be trusted.
		future: z.boolean(),
		stat: pathStatSchema.nullable(),
	}),
	verdict: z.enum(LOCK_VERDICTS),
	reason: z.enum([...TAKEOVER_REASONS, ...CHECKER_REASONS]),
	explanation: z.string(),
	// What the takeover decision said; the verdict refines it only into orphan or unknown.
	takeover: z.object({
		verdict: z.enum(TAKEOVER_VERDICTS),
		reason: z.enum(TAKEOVER_REASONS),
		mayTakeOver: z.boolean(),
	}),
	problem: z.boolean(),
	notes: z.array(z.string()),
	filesystem: filesystemStatusSchema.nullable(),
});
export type LockReport = z.infer<typeof lockReportSchema>;

export const checkedDirectorySchema = z.object({
	path: z.string(),
	filesystem: filesystemStatusSchema.nullable(),
	locks: z.number(),
	entriesSeen: z.number(),
	// The walk stopped at its entry bound; locks beyond it were not seen.
	truncated: z.boolean(),
	errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })),
});
export type CheckedDirectory = z.infer<typeof checkedDirectorySchema>;

export const lockProblemSchema = z.object({
	path: z.string(),
	verdict: z.enum(LOCK_VERDICTS).nullable(),
	reason: z.string(),
	message: z.string(),
});
export type LockProblem = z.infer<typeof lockProblemSchema>;

export const lockHealthSummarySchema = z.object({
	checkedAt: z.string(),
	total: z.number(),
	counts: z.record(z.enum(LOCK_VERDICTS), z.number()),
	problemCount: z.number(),
	// At most the first 100 problems; problemCount tells how many there were.
	problems: z.array(lockProblemSchema),
	// At most 64 checked directories, in the order given.
	directories: z.array(checkedDirectorySchema),
	directoriesOmitted: z.number(),
});
export type LockHealthSummary = z.infer<typeof lockHealthSummarySchema>;

export const lockHealth = {
	request: z
		.object({
			// Absolute paths or "~/...". Without it, the default set of known lock locations.
			dirs: z.array(z.string().min(1).max(4096)).min(1).max(64).optional(),
		})
		.strict(),
	// Pages of lock reports, each well under the 1 MB message limit, before the summary.
	event: z.object({ kind: z.literal('locks'), page: z.array(lockReportSchema) }),
	reply: lockHealthSummarySchema,
};
