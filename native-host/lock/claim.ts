import { randomBytes } from 'node:crypto';
import { log } from '../log.ts';
import type { LockTimings } from './defaults.ts';
import { nextFence, readLedgerSync, writeLedgerSync } from './fence-ledger.ts';
import { errnoOf, lockIoError } from './lock-errors.ts';
import type { LockFs } from './lock-fs.ts';
import type { ProcessIdentity } from './owner-evidence.ts';
import {
	type LockPaths,
	type OwnerRecord,
	RECORD_CONVENTION,
	RECORD_FILE,
	recordNamesToken,
	serializeRecord,
	stagingPath,
	tombstonePath,
} from './owner-record.ts';

export interface ClaimContext {
	paths: LockPaths;
	fs: LockFs;
	timings: LockTimings;
	identity: ProcessIdentity;
}

export type ClaimResult =
	| {
			kind: 'claimed';
			record: OwnerRecord;
			dirIno: number;
			// The ledger entry this claim wrote (or, while a predecessor is outwaited, last read).
			ledgerSequence: number;
			// The ledger's holder when it neither released nor is this claim: its directory was
			// removed from under it, so it may still be inside until it notices.
			unreleasedPredecessor: OwnerRecord | null;
	  }
	| { kind: 'held' };

// rename(2) of a directory onto a non-empty one fails with one of these.
const TARGET_TAKEN = new Set(['ENOTEMPTY', 'EEXIST', 'ENOTDIR']);

const TOKEN_BYTES = 16;
let tokenPool = Buffer.alloc(0);
let tokenOffset = 0;

// 128 random bits per acquisition, drawn from a pooled buffer: one system call per 256 tokens.
export function newToken(): string {
	if (tokenOffset + TOKEN_BYTES > tokenPool.length) {
		tokenPool = randomBytes(TOKEN_BYTES * 256);
		tokenOffset = 0;
	}
	tokenOffset += TOKEN_BYTES;
	return tokenPool.toString('hex', tokenOffset - TOKEN_BYTES, tokenOffset);
}

export function ownerRecord(context: ClaimContext, token: string, fence: number): OwnerRecord {
	const { identity, timings } = context;
	const now = new Date().toISOString();
	return {
		convention: RECORD_CONVENTION,
		token,
		pid: identity.pid,
		startTime: identity.startTime,
		bootId: identity.bootId,
		pidNamespace: identity.pidNamespace,
		hostname: identity.hostname,
		acquiredAt: now,
		refreshedAt: now,
		heartbeatIntervalMs: timings.heartbeatIntervalMs,
		staleThresholdMs: timings.staleThresholdMs,
		fence,
		state: 'healthy',
	};
}

// Builds a directory holding `record` beside `target` and renames it into place: the target
// appears complete with its owner record, or not at all. Returns false when the target exists.
export function placeDirectory(fs: LockFs, target: string, record: OwnerRecord): boolean {
	// rename(2) would silently replace an empty directory, such as another tool's mkdir lock
	// (ours are never empty), so look first. Held locks also skip the staging work this way.
	if (exists(fs, target)) return false;
	const staging = stagingPath(target, record.token);
	try {
		fs.mkdirSync(staging);
		fs.writeFileSync(`${staging}/${RECORD_FILE}`, serializeRecord(record));
		fs.renameSync(staging, target);
		return true;
	} catch (error) {
		removeQuietly(fs, staging);
		if (TARGET_TAKEN.has(errnoOf(error))) return false;
		throw lockIoError(error, 'create-lock-directory', target);
	}
}

// The highest fencing number this process has handed out; with the wall-clock floor of
// nextFence it makes the provisional number right nearly always, so the record is rarely rewritten.
let highestFence = 0;

// One attempt at creating R.lock. Never waits, never loops; any filesystem failure other than
// "already held" leaves nothing behind and is thrown as a typed error.
export function claimLock(
	context: ClaimContext,
	previousOwner: OwnerRecord | null = null,
): ClaimResult {
	const { fs, paths } = context;
	const token = newToken();
	// Provisional: checked against the ledger as soon as the directory is ours.
	const record = ownerRecord(context, token, Math.max(nextFence(previousOwner), highestFence + 1));
	if (!placeDirectory(fs, paths.lockDir, record)) return { kind: 'held' };
	try {
		// Only now is the ledger final: a holder writes "released" before its directory goes.
		const ledger = readLedgerSync(fs, paths);
		const last = ledger?.record ?? null;
		if (last !== null && last.fence >= record.fence) {
			record.fence = nextFence(last, previousOwner);
			rewriteRecordSync(fs, paths, record);
		}
		highestFence = record.fence;
		const directory = fs.statSync(paths.lockDir);
		if (directory === null)
			throw Object.assign(new Error('lock directory vanished'), { code: 'ENOENT' });
		const dirIno = directory.ino;
		const unreleased =
			last !== null && last.state !== 'released' && last.token !== previousOwner?.token;
		// An unreleased predecessor stays in the ledger until it is outwaited (see acquire.ts).
		const seen = ledger?.sequence ?? 0;
		const ledgerSequence = unreleased ? seen : writeLedgerSync(fs, paths, record, seen);
		const unreleasedPredecessor = unreleased ? last : null;
		return { kind: 'claimed', record, dirIno, ledgerSequence, unreleasedPredecessor };
	} catch (error) {
		// Give back the directory we just created: no half-made lock stays behind.
		try {
			removeOwnDirectory(fs, paths, token);
		} catch (undo) {
			log('error', 'lock.undo-failed', { lockPath: paths.lockDir, errno: errnoOf(undo) });
		}
		throw lockIoError(error, 'complete-claim', paths.lockDir);
	}
}

function exists(fs: LockFs, target: string): boolean {
	try {
		return fs.statSync(target) !== null;
	} catch (error) {
		throw lockIoError(error, 'look-up-lock-directory', target);
	}
}

export function rewriteRecordSync(fs: LockFs, paths: LockPaths, record: OwnerRecord): void {
	const temporary = `${paths.lockDir}/.${RECORD_FILE}.${record.token}.rewrite`;
	try {
		fs.writeFileSync(temporary, serializeRecord(record));
		fs.renameSync(temporary, paths.recordPath);
	} catch (error) {
		removeQuietly(fs, temporary);
		throw error;
	}
}

// Moves our own lock directory aside and deletes it. The rename is the removal: R.lock vanishes
// in one step with its record, so no contender ever sees it half-deleted.
export function removeOwnDirectory(fs: LockFs, paths: LockPaths, token: string): void {
	// The token is unique to this acquisition, so is the tombstone named after it.
	const tombstone = tombstonePath(paths.lockDir, token, 'released');
	fs.renameSync(paths.lockDir, tombstone);
	try {
		fs.unlinkSync(`${tombstone}/${RECORD_FILE}`);
		fs.rmdirSync(tombstone);
	} catch {
		// Leftovers of a timed-out heartbeat write; the lock itself is already gone.
		removeQuietly(fs, tombstone);
	}
}

// Whether R.lock is still the very directory this claim created (same inode) and still names
// its token. A directory deleted and re-created by another claimant fails the first test; a
// record overwritten by a late heartbeat of an earlier holder fails the second.
export function stillOwnDirectory(
	fs: LockFs,
	paths: LockPaths,
	token: string,
	dirIno: number,
): boolean {
	try {
		if (fs.statSync(paths.lockDir)?.ino !== dirIno) return false;
		const named = recordNamesToken(fs.readFileSync(paths.recordPath), token);
		return named && fs.statSync(paths.lockDir)?.ino === dirIno;
	} catch (error) {
		const errno = errnoOf(error);
		if (errno === 'ENOENT' || errno === 'ENOTDIR') return false;
		throw lockIoError(error, 'verify-claim', paths.lockDir);
	}
}

// Gives up a directory this process claimed but never entered, if it is still ours.
export function abandonClaim(context: ClaimContext, token: string, dirIno: number): void {
	const { fs, paths } = context;
	try {
		if (stillOwnDirectory(fs, paths, token, dirIno)) removeOwnDirectory(fs, paths, token);
	} catch (error) {
		// Left to the stale-owner rule: dead-owner evidence will exist once this process is gone.
		log('warn', 'lock.abandon-failed', { lockPath: paths.lockDir, errno: errnoOf(error) });
	}
}

export function removeQuietly(fs: LockFs, target: string): void {
	try {
		fs.removeTreeSync(target);
	} catch {
		// Best effort: a leftover staging or tombstone directory is not a lock.
	}
}
