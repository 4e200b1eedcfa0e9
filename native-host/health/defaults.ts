// Every tunable number of the lock-health checker. README.md in this folder states the same
// numbers and a test compares the two.
//
// Why these values:
// - Depth 4 reaches the lock folders of the tools in the default set (~/.cache/<tool>/<x>/y.lock)
//   without wandering into whole project trees; 200,000 entries bound a walk to a few seconds.
// - Owner records and pid files are a few hundred bytes; 64 KiB is read at most, so a huge or
//   hostile file never fills memory.
// - Conventions without a stale threshold of their own get one here. proper-lockfile's own
//   default is 10 s; an exclusive-create file such as git's index.lock lives for the length of
//   one git command, so one minute of silence is already unusual.
// - A page of lock reports stays under 256 KiB of JSON, a quarter of the 1 MB message limit.
export const HEALTH_DEFAULTS = {
	walkDepth: 4,
	maxEntriesPerDirectory: 200_000,
	maxLockDirEntries: 64,
	recordReadCap: 64 * 1024,
	commandLineCap: 4096,
	mkdirStaleMs: 10_000,
	ownerRecordStaleMs: 30_000,
	exclusiveCreateStaleMs: 60_000,
	// An mtime this far ahead of the clock is flagged as a clock jump.
	futureToleranceMs: 2000,
	pageBudgetBytes: 256 * 1024,
	summaryMaxProblems: 100,
	summaryMaxDirectories: 64,
} as const;

// The configuration file in SafeDisk's state folder that adds directories to the default set.
export const LOCK_DIRS_CONFIG = 'lock-dirs.json';
