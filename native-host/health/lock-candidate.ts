import type { Stats } from 'node:fs';
import type { CheckerReason, LockKind, LockReport } from '../../shared/commands/lock-health.ts';
import type { OwnerClaim } from '../lock/takeover-decision.ts';

// What the owner of a lock says about itself, where it says it.
export interface StatedOwner {
	// As written, possibly unusable (0, -3); the claim holds it only when it is a real pid.
	pid: number | null;
	hostname: string | null;
	source: 'owner-record' | 'pid-file';
	claim: OwnerClaim;
}

// A lock found on disk, with everything read from it, before any process is probed.
export interface LockCandidate {
	path: string;
	directory: string;
	kind: LockKind;
	convention: string;
	stat: Stats;
	heartbeat: {
		path: string;
		source: LockReport['heartbeat']['source'];
		stat: Stats | null;
		// Epoch ms of the newest sign of life; null when the convention has none or it was unreadable.
		at: number | null;
		staleThresholdMs: number | null;
	};
	owner: StatedOwner | null;
	// Set when the lock could not be read or understood: its verdict is then "unknown".
	unknown: { reason: CheckerReason; explanation: string } | null;
	notes: string[];
}

export function baseCandidate(
	path: string,
	directory: string,
	stat: Stats,
	kind: LockKind,
	convention: string,
): LockCandidate {
	return {
		path,
		directory,
		kind,
		convention,
		stat,
		heartbeat: { path, source: 'none', stat, at: null, staleThresholdMs: null },
		owner: null,
		unknown: null,
		notes: [],
	};
}

// For conventions that keep no heartbeat: the file's mtime tells nothing about a holder.
export function dropHeartbeat(candidate: LockCandidate): void {
	candidate.heartbeat = {
		...candidate.heartbeat,
		source: 'none',
		at: null,
		staleThresholdMs: null,
	};
}

export function markUnknown(candidate: LockCandidate, reason: CheckerReason, note: string): void {
	candidate.kind = 'unknown';
	candidate.convention = 'not recognised';
	candidate.unknown = { reason, explanation: note };
}
