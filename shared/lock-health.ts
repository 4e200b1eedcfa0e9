// The words SafeDisk uses about a lock's health, shared by the lock library, the lock-health
// checker and the extension so that all three say the same thing about the same lock.

// What the takeover decision concludes about a lock.
export const TAKEOVER_VERDICTS = [
	'held-healthy',
	'held-heartbeat-failing',
	'stale-stealable',
	'stale-not-stealable',
] as const;
export type TakeoverVerdict = (typeof TAKEOVER_VERDICTS)[number];

// The checker's verdicts: the takeover verdicts plus what only a directory scan can tell.
export const LOCK_VERDICTS = [...TAKEOVER_VERDICTS, 'orphan', 'unknown'] as const;
export type LockVerdict = (typeof LOCK_VERDICTS)[number];

// Stable, machine-readable reasons behind a takeover verdict.
export const TAKEOVER_REASONS = [
	'heartbeat-fresh',
	'heartbeat-late',
	'heartbeat-in-future',
	'marked-degraded',
	'marked-unhealthy',
	'owner-dead',
	'owner-pid-reused',
	'rebooted',
	'owner-alive',
	'owner-unknown',
	'owner-host-unknown',
	'owner-on-other-host',
	'owner-namespace-unknown',
	'owner-in-other-pid-namespace',
	'no-owner-evidence',
	'filesystem-full',
	'filesystem-read-only',
	'filesystem-not-writable',
	'filesystem-unknown',
] as const;
export type TakeoverReason = (typeof TAKEOVER_REASONS)[number];

// A one-line gloss of each reason for a legend; the decision itself carries a specific sentence.
export const TAKEOVER_REASON_TEXT: Record<TakeoverReason, string> = {
	'heartbeat-fresh': 'The heartbeat is recent.',
	'heartbeat-late': 'The heartbeat is behind schedule but not yet stale.',
	'heartbeat-in-future':
		'The heartbeat lies in the future (the clock jumped back), so its age proves nothing.',
	'marked-degraded': 'The holder reports failing heartbeat refreshes.',
	'marked-unhealthy': 'The holder marked the lock unhealthy and keeps it while it lives.',
	'owner-dead': 'The owner process no longer exists.',
	'owner-pid-reused': 'The owner pid now belongs to a process with another start time.',
	rebooted: 'The machine rebooted since the lock was taken.',
	'owner-alive': 'The owner process is still running.',
	'owner-unknown': 'Whether the owner process runs could not be determined.',
	'owner-host-unknown': 'The lock does not say which machine holds it.',
	'owner-on-other-host': 'The owner runs on another machine; its pid proves nothing here.',
	'owner-namespace-unknown': 'The lock does not say which pid namespace its pid belongs to.',
	'owner-in-other-pid-namespace':
		'The owner runs in another pid namespace; its pid proves nothing here.',
	'no-owner-evidence': 'The lock names no owner process; its age alone proves nothing.',
	'filesystem-full': 'The filesystem is full, which explains a silent heartbeat.',
	'filesystem-read-only': 'The filesystem is read-only, which explains a silent heartbeat.',
	'filesystem-not-writable':
		'The lock directory is not writable, which explains a silent heartbeat.',
	'filesystem-unknown': 'The state of the filesystem could not be determined.',
};

// The life of a held lock, as its holder sees it.
export const LOCK_HEALTH_STATES = ['healthy', 'degraded', 'unhealthy', 'lost', 'released'] as const;
export type LockHealthState = (typeof LOCK_HEALTH_STATES)[number];

// Classes of a failed heartbeat refresh. `timeout` is a filesystem call that did not answer in
// time; `unexpected` is any errno outside the other classes (kept, never dropped).
export const HEARTBEAT_FAILURE_CLASSES = [
	'storage-full',
	'io-error',
	'permission',
	'path-missing',
	'lost',
	'timeout',
	'unexpected',
] as const;
export type HeartbeatFailureClass = (typeof HEARTBEAT_FAILURE_CLASSES)[number];

// What a holder does once its lock turns unhealthy.
export const UNHEALTHY_POLICIES = ['abort', 'release', 'keep'] as const;
export type UnhealthyPolicy = (typeof UNHEALTHY_POLICIES)[number];

// What probing a pid found, and why.
export const PROCESS_STATES = ['alive', 'dead', 'unknown'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

export const PROBE_REASONS = [
	'running',
	'permission-denied',
	'no-such-process',
	'zombie',
	'invalid-pid',
	'probe-failed',
] as const;
export type ProbeReason = (typeof PROBE_REASONS)[number];
