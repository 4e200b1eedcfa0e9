import { LOCK_HEALTH_STATES, type LockHealthState } from '../../shared/lock-health.ts';
import type { OwnerClaim } from './takeover-decision.ts';

// The names a SafeDisk lock uses on disk for a resource R. All of them are fixed-length
// derivations of R and a token: retrying never grows a path.
export interface LockPaths {
	resource: string;
	// R.lock/: created atomically by renaming a fully written staging directory into place.
	lockDir: string;
	// R.lock/owner.json: the owner record, rewritten by every heartbeat (the heartbeat path).
	recordPath: string;
	// R.lock.fence: the fencing ledger, the newest holder's record, kept beside the lock.
	fencePath: string;
	// R.lock.recovery/: held for the few milliseconds a takeover takes.
	recoveryDir: string;
}

export const RECORD_FILE = 'owner.json';
export const RECORD_CONVENTION = 'safedisk-lock/1';

export function lockPaths(resource: string): LockPaths {
	const lockDir = `${resource}.lock`;
	return {
		resource,
		lockDir,
		recordPath: `${lockDir}/${RECORD_FILE}`,
		fencePath: `${lockDir}.fence`,
		recoveryDir: `${lockDir}.recovery`,
	};
}

// A directory being filled before it is renamed into place as R.lock or R.lock.recovery.
export function stagingPath(target: string, token: string): string {
	return `${target}.${token}.staging`;
}

// Where a removed lock directory goes: unique, so two removals never meet.
export function tombstonePath(target: string, token: string, nonce: string): string {
	return `${target}.${token}.${nonce}.removed`;
}

// Where a dead taker's recovery directory goes. Named after the dead token, so that of several
// contenders clearing the same dead directory only the first rename succeeds.
export function deadRecoveryPath(paths: LockPaths, deadToken: string): string {
	return `${paths.recoveryDir}.${deadToken}.dead`;
}

export interface OwnerRecord {
	convention: typeof RECORD_CONVENTION;
	token: string;
	pid: number;
	startTime: number | null;
	bootId: string | null;
	pidNamespace: string | null;
	hostname: string;
	acquiredAt: string;
	refreshedAt: string;
	heartbeatIntervalMs: number;
	staleThresholdMs: number;
	fence: number;
	state: LockHealthState;
}

export function serializeRecord(record: OwnerRecord): string {
	return `${JSON.stringify(record)}\n`;
}

// Anything that is not a well-formed record of ours reads as null: ownership is never assumed
// from a damaged or foreign file.
export function parseRecord(text: string): OwnerRecord | null {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null) return null;
	const r = value as Record<string, unknown>;
	const valid =
		r.convention === RECORD_CONVENTION &&
		typeof r.token === 'string' &&
		isCount(r.pid) &&
		(r.startTime === null || isCount(r.startTime)) &&
		(r.bootId === null || typeof r.bootId === 'string') &&
		(r.pidNamespace === null || typeof r.pidNamespace === 'string') &&
		typeof r.hostname === 'string' &&
		typeof r.acquiredAt === 'string' &&
		typeof r.refreshedAt === 'string' &&
		isCount(r.heartbeatIntervalMs) &&
		isCount(r.staleThresholdMs) &&
		isCount(r.fence) &&
		(LOCK_HEALTH_STATES as readonly unknown[]).includes(r.state);
	return valid ? (r as unknown as OwnerRecord) : null;
}

function isCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

// Whether a record's text names `token` as its owner: as strict as parsing (a 128-bit token
// appears only in its owner's record) and cheaper on the release path.
export function recordNamesToken(text: string, token: string): boolean {
	return text.includes(`"token":"${token}"`);
}

// The record in the terms the takeover decision understands.
export function claimOf(record: OwnerRecord): OwnerClaim {
	return {
		pid: record.pid,
		hostname: record.hostname,
		bootId: record.bootId ?? undefined,
		pidNamespace: record.pidNamespace ?? undefined,
		startTime: record.startTime ?? undefined,
		state: record.state,
	};
}

// The newest sign of life: the record's own time or the file's mtime, whichever is younger, so
// a filesystem that rounds mtimes down never makes a holder look older than it is.
export function heartbeatAgeMs(record: OwnerRecord, mtimeMs: number, now: number): number {
	const refreshed = Date.parse(record.refreshedAt);
	const newest = Number.isNaN(refreshed) ? mtimeMs : Math.max(refreshed, mtimeMs);
	return now - newest;
}
