import { log } from '../log.ts';
import { type ClaimContext, removeOwnDirectory } from './claim.ts';
import { writeLedgerSync } from './fence-ledger.ts';
import { errnoOf, lockIoError } from './lock-errors.ts';
import { type OwnerRecord, recordNamesToken } from './owner-record.ts';

export type ReleaseOutcome = { kind: 'released' } | { kind: 'not-ours'; found: string };

// Gives the lock directory back after checking the token: records "released" in the fencing
// ledger, then moves the directory aside in one rename and deletes it. A directory that is not
// ours is left exactly as it is. Filesystem failures are thrown as typed errors, and the lock then
// stays held (the ledger is put back to "held" so that it never claims a release that did not
// happen).
export function releaseDirectory(
	context: ClaimContext,
	record: OwnerRecord,
	dirIno: number,
	ledger: { sequence: number },
): ReleaseOutcome {
	const { fs, paths } = context;
	let ours: boolean;
	try {
		// The same directory (inode) and our token: a record of ours in a directory someone else
		// created (a late heartbeat write after R.lock was deleted) does not make it ours.
		ours =
			fs.statSync(paths.lockDir)?.ino === dirIno &&
			recordNamesToken(fs.readFileSync(paths.recordPath), record.token);
	} catch (error) {
		const errno = errnoOf(error);
		if (errno !== 'ENOENT' && errno !== 'ENOTDIR')
			throw lockIoError(error, 'read-record', paths.lockDir, 'release');
		return { kind: 'not-ours', found: 'the lock directory is gone' };
	}
	if (!ours)
		return { kind: 'not-ours', found: 'the lock directory was replaced or names another owner' };
	try {
		const released: OwnerRecord = { ...record, state: 'released' };
		ledger.sequence = writeLedgerSync(fs, paths, released, ledger.sequence);
	} catch (error) {
		// The ledger keeps naming this holder; a newcomer then waits out one stale threshold.
		log('warn', 'lock.fence-release-failed', { fencePath: paths.fencePath, errno: errnoOf(error) });
	}
	try {
		removeOwnDirectory(fs, paths, record.token);
	} catch (error) {
		try {
			ledger.sequence = writeLedgerSync(fs, paths, record, ledger.sequence);
		} catch {
			// A newcomer finds this directory anyway and judges its owner by evidence.
		}
		throw lockIoError(error, 'remove-lock-directory', paths.lockDir, 'release');
	}
	return { kind: 'released' };
}
