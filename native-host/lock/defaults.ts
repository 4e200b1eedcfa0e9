import type { UnhealthyPolicy } from '../../shared/lock-health.ts';

// Every tunable number of the lock lives here; README.md states the same numbers and a test
// compares the two.
//
// Why these values:
// - The stale threshold (2000 ms) is eight heartbeat intervals (250 ms), so a holder has to miss
//   many refreshes in a row before its lock even counts as stale, and a stale lock is still never
//   taken without evidence that its owner is dead.
// - Takeover of a SIGKILLed holder costs at most the stale threshold plus one recheck interval
//   plus a few filesystem calls: about 2.3 s, under the 3 s goal.
// - The holder turns unhealthy (and its AbortSignal fires) after stale threshold minus margin
//   (1500 ms) without a successful refresh, half a second before any contender could act.
// - A filesystem call that takes longer than 400 ms counts as a failed refresh (class `timeout`);
//   several can fail before the lease is threatened.
// - A timer firing more than 1000 ms late means the process was paused (sleep, SIGSTOP, a long
//   blocking call); ownership is then re-checked by token before the lock counts as healthy.
export const LOCK_DEFAULTS: Readonly<LockDefaults> = {
	heartbeatIntervalMs: 250,
	staleThresholdMs: 2000,
	unhealthyMarginMs: 500,
	fsCallTimeoutMs: 400,
	pauseThresholdMs: 1000,
	recheckIntervalMs: 250,
	waitMs: 0,
	unhealthyPolicy: 'abort',
};

// A heartbeat older than this fraction of the stale threshold is reported as late.
export const LATE_HEARTBEAT_FRACTION = 0.5;

// The most a record may ask contenders to wait before its lock counts as stale. A record is data
// on disk: one claiming 2^53 ms would otherwise keep a dead owner's lock forever. Holders of this
// library cannot ask for more (acquireLock refuses it), so the cap never shortens a real promise.
export const MAX_STALE_THRESHOLD_MS = 10 * 60_000;

// The stale threshold a lock is judged by: the holder's own (it binds the holder, so never judge
// with a shorter one), at least the observer's, at most MAX_STALE_THRESHOLD_MS. Used by the lock
// and by the health checker alike.
export function judgedStaleThresholdMs(
	recorded: number | null | undefined,
	observer: number = LOCK_DEFAULTS.staleThresholdMs,
): number {
	return Math.max(observer, Math.min(recorded ?? 0, MAX_STALE_THRESHOLD_MS));
}

// The stale threshold must dwarf the heartbeat interval: a busy holder that misses a refresh or
// two must never look stale.
export const MIN_STALE_TO_INTERVAL_RATIO = 4;

export interface LockTimings {
	heartbeatIntervalMs: number;
	staleThresholdMs: number;
	unhealthyMarginMs: number;
	fsCallTimeoutMs: number;
	pauseThresholdMs: number;
	recheckIntervalMs: number;
}

export interface LockDefaults extends LockTimings {
	waitMs: number;
	unhealthyPolicy: UnhealthyPolicy;
}
