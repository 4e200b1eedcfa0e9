import { setTimeout as sleep } from 'node:timers/promises';
import { SafeDiskError } from '../../shared/errors.ts';
import { log } from '../log.ts';
import { abandonClaim, type ClaimContext, stillOwnDirectory } from './claim.ts';
import { judgedStaleThresholdMs } from './defaults.ts';
import { writeLedgerSync } from './fence-ledger.ts';
import { lockIoError, throwIfCancelled } from './lock-errors.ts';
import type { TakeoverInfo } from './lock-events.ts';
import { gatherOwnerEvidence } from './owner-evidence.ts';
import { claimOf, type OwnerRecord } from './owner-record.ts';
import { decideTakeover } from './takeover-decision.ts';

export interface PredecessorOutcome {
	// The ledger entry that now names the new holder; null when the claimed directory was deleted
	// or overwritten during the wait, so the claim is void and the ledger was left alone.
	sequence: number | null;
	// Set when the predecessor was proven dead rather than outwaited.
	provenDead: TakeoverInfo | null;
}

// When this process first saw each unreleased predecessor, as the end of its wait. The
// predecessor's directory was gone before that moment (a claim needs R.lock absent), so it has
// stopped one stale threshold later, however often its successors' claims are deleted in turn:
// a claim that was voided and made again waits only for the rest of that time, and repeated
// deletions cannot keep every claimant waiting forever.
const outwaited = new Map<string, number>();
const REMEMBERED = 64;

function outwaitDeadline(token: string, staleMs: number): number {
	const now = performance.now();
	const known = outwaited.get(token);
	if (known !== undefined) return known;
	if (outwaited.size >= REMEMBERED) {
		for (const [old, until] of outwaited) if (until < now) outwaited.delete(old);
		if (outwaited.size >= REMEMBERED) outwaited.clear();
	}
	outwaited.set(token, now + staleMs);
	return now + staleMs;
}

// The ledger names a holder that never released: it died, or its lock directory was removed
// from under it (by a cleanup, by hand). A live one stops its protected work at its next
// heartbeat, at the latest when it turns unhealthy, which is before one stale threshold has
// passed. Until then, or until it is proven dead, the new directory stays claimed but nobody
// enters, and the ledger keeps naming the predecessor so that whoever claims next waits too.
export async function outwaitPredecessor(
	context: ClaimContext,
	claimed: { record: OwnerRecord; dirIno: number; ledgerSequence: number },
	predecessor: OwnerRecord,
	signal: AbortSignal | undefined,
): Promise<PredecessorOutcome> {
	const { timings, paths, fs } = context;
	const until = outwaitDeadline(
		predecessor.token,
		judgedStaleThresholdMs(predecessor.staleThresholdMs, timings.staleThresholdMs),
	);
	const owner = claimOf(predecessor);
	let provenDead: TakeoverInfo | null = null;
	try {
		for (let check = 0; performance.now() < until; check += 1) {
			throwIfCancelled(signal, paths.lockDir);
			const gathered = await gatherOwnerEvidence(owner);
			const decision = decideTakeover({
				owner,
				...gathered,
				heartbeatAgeMs: null,
				staleThresholdMs: timings.staleThresholdMs,
				filesystemCondition: 'ok',
			});
			if (decision.mayTakeOver) {
				provenDead = {
					previousPid: predecessor.pid,
					previousFence: predecessor.fence,
					reason: decision.reason,
				};
				break;
			}
			if (check === 0) {
				log('warn', 'lock.predecessor-unreleased', {
					lockPath: paths.lockDir,
					predecessorPid: predecessor.pid,
				});
			}
			const pause = Math.max(0, Math.min(timings.recheckIntervalMs, until - performance.now()));
			await sleep(pause, undefined, signal ? { signal } : {}).catch(() => undefined);
		}
		throwIfCancelled(signal, paths.lockDir);
		// Only a claimant whose directory survived the wait may name itself in the ledger.
		if (!stillOwnDirectory(fs, paths, claimed.record.token, claimed.dirIno))
			return { sequence: null, provenDead };
		return {
			sequence: writeLedgerSync(fs, paths, claimed.record, claimed.ledgerSequence),
			provenDead,
		};
	} catch (error) {
		abandonClaim(context, claimed.record.token, claimed.dirIno);
		throw error instanceof SafeDiskError
			? error
			: lockIoError(error, 'write-fence', paths.fencePath);
	}
}
