import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import type { UnhealthyPolicy } from '../../shared/lock-health.ts';
import { type ClaimContext, claimLock } from './claim.ts';
import { LOCK_DEFAULTS, type LockTimings, MIN_STALE_TO_INTERVAL_RATIO } from './defaults.ts';
import { HeldLock } from './held-lock.ts';
import { inspectLock } from './inspect-lock.ts';
import { sweepLeftovers } from './leftovers.ts';
import { lockedError, throwIfCancelled } from './lock-errors.ts';
import type { LockHealthListener, TakeoverInfo } from './lock-events.ts';
import { type LockFs, nodeLockFs } from './lock-fs.ts';
import { LockWatcher } from './lock-watcher.ts';
import { localIdentity } from './owner-evidence.ts';
import { lockPaths } from './owner-record.ts';
import { outwaitPredecessor } from './predecessor.ts';
import { takeOver } from './takeover.ts';
import type { TakeoverDecision } from './takeover-decision.ts';

export interface AcquireOptions extends Partial<LockTimings> {
	// How long to wait for a held lock; 0 (the default) makes one attempt.
	waitMs?: number;
	signal?: AbortSignal;
	onUnhealthy?: UnhealthyPolicy;
	// Subscribed before the heartbeat starts, so no event is missed.
	onHealth?: LockHealthListener;
	fs?: LockFs;
}

// Acquires `${resource}.lock/`. Resolves with the held lock, or rejects with ELOCKED (held by
// a live or unknown owner), ELOCK_STORAGE_FULL (reported once, no retry), E_PERMISSION,
// E_CANCELLED, or another typed error that keeps the original errno.
export async function acquireLock(
	resource: string,
	options: AcquireOptions = {},
): Promise<HeldLock> {
	const timings = resolveTimings(options);
	const context: ClaimContext = {
		paths: lockPaths(path.resolve(resource)),
		fs: options.fs ?? nodeLockFs,
		timings,
		identity: localIdentity(),
	};
	const { signal } = options;
	const deadline = performance.now() + (options.waitMs ?? LOCK_DEFAULTS.waitMs);
	let watcher: LockWatcher | null = null;
	try {
		for (;;) {
			throwIfCancelled(signal, context.paths.lockDir);
			let claim = claimLock(context);
			let takeover: TakeoverInfo | null = null;
			if (claim.kind === 'held') {
				const seen = await inspectLock(context.paths, context.fs, timings);
				if (seen.kind === 'absent') continue;
				// Waiting cannot help a lock on a full or read-only filesystem: say so once, now.
				const unusable = filesystemError(context.paths.lockDir, seen.decision);
				if (unusable) throw unusable;
				if (seen.decision.mayTakeOver && seen.record !== null) {
					const taken = await takeOver(context, seen.record);
					if (taken.kind === 'vanished') continue;
					claim = taken;
					// Housekeeping after a death, off the acquisition's path.
					if (claim.kind === 'claimed') void sweepLeftovers(context).catch(() => 0);
					const { pid, fence } = seen.record;
					takeover = { previousPid: pid, previousFence: fence, reason: seen.decision.reason };
				}
				if (claim.kind === 'held') {
					const remaining = deadline - performance.now();
					if (remaining <= 0) throw lockedError(context.paths.lockDir, { ...seen.decision });
					if (watcher === null) {
						// Watch first, then look again: a release between the two is not missed.
						watcher = new LockWatcher(context.paths.lockDir);
						continue;
					}
					await watcher.wait(Math.min(remaining, timings.recheckIntervalMs), signal);
					continue;
				}
			}
			const { record, dirIno, unreleasedPredecessor } = claim;
			let { ledgerSequence } = claim;
			if (unreleasedPredecessor) {
				const outcome = await outwaitPredecessor(context, claim, unreleasedPredecessor, signal);
				ledgerSequence = outcome.sequence;
				takeover ??= outcome.provenDead;
			}
			const policy = options.onUnhealthy ?? LOCK_DEFAULTS.unhealthyPolicy;
			const ledger = { sequence: ledgerSequence };
			const lock = new HeldLock({ context, record, dirIno, policy, takeover, ledger });
			if (options.onHealth) lock.onHealth(options.onHealth);
			return lock;
		}
	} finally {
		watcher?.close();
	}
}

function filesystemError(lockPath: string, decision: TakeoverDecision): SafeDiskError | null {
	const details = { lockPath, ...decision };
	switch (decision.reason) {
		case 'filesystem-full':
		case 'filesystem-read-only':
			return new SafeDiskError(
				'ELOCK_STORAGE_FULL',
				`cannot lock ${lockPath}: ${decision.explanation}`,
				{ details },
			);
		case 'filesystem-not-writable':
			return new SafeDiskError('E_PERMISSION', `cannot lock ${lockPath}: ${decision.explanation}`, {
				details,
			});
		default:
			return null;
	}
}

function resolveTimings(options: Partial<LockTimings>): LockTimings {
	const timings: LockTimings = {
		heartbeatIntervalMs: options.heartbeatIntervalMs ?? LOCK_DEFAULTS.heartbeatIntervalMs,
		staleThresholdMs: options.staleThresholdMs ?? LOCK_DEFAULTS.staleThresholdMs,
		unhealthyMarginMs: options.unhealthyMarginMs ?? LOCK_DEFAULTS.unhealthyMarginMs,
		fsCallTimeoutMs: options.fsCallTimeoutMs ?? LOCK_DEFAULTS.fsCallTimeoutMs,
		pauseThresholdMs: options.pauseThresholdMs ?? LOCK_DEFAULTS.pauseThresholdMs,
		recheckIntervalMs: options.recheckIntervalMs ?? LOCK_DEFAULTS.recheckIntervalMs,
	};
	const {
		heartbeatIntervalMs: interval,
		staleThresholdMs: stale,
		unhealthyMarginMs: margin,
	} = timings;
	const problems: string[] = [];
	if (Object.values(timings).some((value) => !Number.isFinite(value) || value <= 0))
		problems.push('every timing must be positive');
	if (stale < interval * MIN_STALE_TO_INTERVAL_RATIO)
		problems.push(
			`staleThresholdMs must be at least ${MIN_STALE_TO_INTERVAL_RATIO}x heartbeatIntervalMs`,
		);
	if (margin >= stale - interval)
		problems.push('unhealthyMarginMs must leave at least one heartbeat interval before it');
	if (problems.length > 0) {
		throw new SafeDiskError('ELOCK_BAD_OPTIONS', problems.join('; '), { details: { ...timings } });
	}
	return timings;
}
