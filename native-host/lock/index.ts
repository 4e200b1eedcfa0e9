// The public face of `safedisk/lock`: acquire a lock, judge one, and the vocabulary they share.
export { type AcquireOptions, acquireLock } from './acquire.ts';
export { LOCK_DEFAULTS, type LockTimings } from './defaults.ts';
export type { HeartbeatFailure } from './heartbeat-failure.ts';
export type { HeldLock } from './held-lock.ts';
export type { LockHealthEvent, LockHealthListener, TakeoverInfo } from './lock-events.ts';
export type { LockFileStat, LockFs } from './lock-fs.ts';
export { gatherOwnerEvidence, probeProcess } from './owner-evidence.ts';
export {
	decideTakeover,
	type ObserverIdentity,
	type OwnerClaim,
	type ProcessProbe,
	type TakeoverDecision,
	type TakeoverEvidence,
} from './takeover-decision.ts';
