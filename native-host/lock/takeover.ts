import { randomBytes } from 'node:crypto';
import { log } from '../log.ts';
import {
	type ClaimContext,
	type ClaimResult,
	claimLock,
	newToken,
	ownerRecord,
	placeDirectory,
	removeQuietly,
} from './claim.ts';
import { readLedgerSync, writeLedgerSync } from './fence-ledger.ts';
import { errnoOf, lockIoError } from './lock-errors.ts';
import { gatherOwnerEvidence } from './owner-evidence.ts';
import {
	claimOf,
	deadRecoveryPath,
	heartbeatAgeMs,
	type OwnerRecord,
	parseRecord,
	RECORD_FILE,
	tombstonePath,
} from './owner-record.ts';
import { decideTakeover } from './takeover-decision.ts';

export type TakeoverResult = ClaimResult | { kind: 'vanished' };

// Takes over a lock whose owner was judged dead. Contenders that judged the same lock meet at
// the recovery directory: one holds it, re-reads the owner token under it, moves the dead
// directory aside to a unique tombstone and claims. The others are told "held" and never enter.
export async function takeOver(context: ClaimContext, dead: OwnerRecord): Promise<TakeoverResult> {
	const recoveryToken = newToken();
	if (!(await holdRecovery(context, recoveryToken))) return { kind: 'held' };
	const { fs, paths } = context;
	try {
		let current: OwnerRecord | null;
		try {
			current = parseRecord(fs.readFileSync(paths.recordPath));
		} catch (error) {
			if (errnoOf(error) === 'ENOENT') return { kind: 'vanished' };
			throw error;
		}
		if (current?.token !== dead.token) return { kind: 'held' };
		recordDeadOwner(context, dead);
		const tombstone = tombstonePath(paths.lockDir, dead.token, randomBytes(4).toString('hex'));
		fs.renameSync(paths.lockDir, tombstone);
		log('warn', 'lock.taken-over', {
			lockPath: paths.lockDir,
			previousPid: dead.pid,
			previousFence: dead.fence,
			tombstone,
		});
		// A plain newcomer may slip in while R.lock is absent; it then holds the lock, fairly, and
		// learns of the dead owner from the ledger as this claim would.
		const result = claimLock(context, dead);
		removeQuietly(fs, tombstone);
		return result;
	} catch (error) {
		throw lockIoError(error, 'take-over', paths.lockDir);
	} finally {
		releaseRecovery(context, recoveryToken);
	}
}

// A newcomer that claims R.lock in the moment between the move aside and this taker's claim must
// still number its fence above the dead owner's and prove that owner dead before it enters. It
// learns of the owner from the ledger, so the ledger must name it. A SafeDisk holder wrote its
// own entry when it acquired; a lock whose ledger was lost, or never written, gets it now. A
// ledger naming another unreleased holder is left alone: newcomers must keep waiting for that one.
function recordDeadOwner(context: ClaimContext, dead: OwnerRecord): void {
	const { fs, paths } = context;
	const ledger = readLedgerSync(fs, paths);
	if (ledger !== null && ledger.record.state !== 'released') return;
	if (ledger !== null && ledger.record.fence >= dead.fence) return;
	writeLedgerSync(fs, paths, dead, ledger?.sequence ?? 0);
}

// At most one takeover of a lock runs at a time. A recovery directory left by a taker that died
// inside this window is cleared only with the same evidence rule, and only once per dead token.
async function holdRecovery(context: ClaimContext, token: string): Promise<boolean> {
	const { fs, paths, timings } = context;
	const record = ownerRecord(context, token, 0);
	// Two attempts at most: the second only after clearing a dead taker's directory.
	for (let attempt = 0; attempt < 2; attempt += 1) {
		if (placeDirectory(fs, paths.recoveryDir, record)) return true;
		let holder: OwnerRecord | null;
		let mtimeMs: number | undefined;
		try {
			holder = parseRecord(fs.readFileSync(`${paths.recoveryDir}/${RECORD_FILE}`));
			mtimeMs = fs.statSync(paths.recoveryDir)?.mtimeMs;
		} catch {
			return false;
		}
		// Unreadable, foreign or just released: another contender is busy here; not ours to judge.
		if (holder === null || mtimeMs === undefined) return false;
		const gathered = await gatherOwnerEvidence(claimOf(holder));
		const decision = decideTakeover({
			owner: claimOf(holder),
			...gathered,
			heartbeatAgeMs: heartbeatAgeMs(holder, mtimeMs, Date.now()),
			staleThresholdMs: timings.staleThresholdMs,
			filesystemCondition: 'ok',
		});
		if (!decision.mayTakeOver) return false;
		try {
			fs.renameSync(paths.recoveryDir, deadRecoveryPath(paths, holder.token));
			log('warn', 'lock.recovery-cleared', {
				recoveryPath: paths.recoveryDir,
				reason: decision.reason,
			});
		} catch (error) {
			// Another contender cleared it first and a live one may hold it now.
			if (errnoOf(error) !== 'ENOENT') return false;
		}
	}
	return false;
}

function releaseRecovery(context: ClaimContext, token: string): void {
	const { fs, paths } = context;
	try {
		const holder = parseRecord(fs.readFileSync(`${paths.recoveryDir}/${RECORD_FILE}`));
		if (holder?.token !== token) return;
		fs.renameSync(paths.recoveryDir, tombstonePathFor(paths.recoveryDir, token));
		removeQuietly(fs, tombstonePathFor(paths.recoveryDir, token));
	} catch (error) {
		log('warn', 'lock.recovery-release-failed', {
			recoveryPath: paths.recoveryDir,
			errno: errnoOf(error),
		});
	}
}

function tombstonePathFor(target: string, token: string): string {
	return tombstonePath(target, token, 'done');
}
