import { SafeDiskError } from '../../shared/errors.ts';
import type { UnhealthyPolicy } from '../../shared/lock-health.ts';
import {
	resolvePolicy,
	resolveResource,
	resolveTimings,
	resolveWaitMs,
} from './acquire-options.ts';
import { type ClaimContext, claimLock, stillOwnDirectory } from './claim.ts';
import type { LockTimings } from './defaults.ts';
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
	// Checked before anything touches the disk: a bad call fails the same way every time.
	const paths = lockPaths(resolveResource(resource));
	const timings = resolveTimings(options ?? {});
	const waitMs = resolveWaitMs(options?.waitMs);
	const policy = resolvePolicy(options?.onUnhealthy);
	const context: ClaimContext = {
		paths,
		fs: options.fs ?? nodeLockFs,
		timings,
		identity: localIdentity(),
	};
	const { signal } = options;
	const deadline = performance.now() + waitMs;
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
				// Deleted (again) or overwritten while waiting: the claim is void; try afresh.
				if (outcome.sequence === null) {
					throwIfPast(deadline, context.paths.lockDir);
					continue;
				}
				ledgerSequence = outcome.sequence;
				takeover ??= outcome.provenDead;
			}
			// The last look before entering: R.lock must still be the directory this claim made,
			// naming its token. Otherwise someone else may be inside; this claim never enters.
			if (!stillOwnDirectory(context.fs, context.paths, record.token, dirIno)) {
				throwIfPast(deadline, context.paths.lockDir);
				continue;
			}
			const ledger = { sequence: ledgerSequence };
			const lock = new HeldLock({ context, record, dirIno, policy, takeover, ledger });
			if (options.onHealth) lock.onHealth(options.onHealth);
			return lock;
		}
	} finally {
		watcher?.close();
	}
}

// A claim voided before entering counts as finding the lock held.
function throwIfPast(deadline: number, lockPath: string): void {
	if (performance.now() >= deadline)
		throw lockedError(lockPath, { found: 'the claimed directory was deleted or replaced' });
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
