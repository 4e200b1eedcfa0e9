import path from 'node:path';
import type { HeartbeatFailureClass } from '../../shared/lock-health.ts';
import { statfsFigures } from '../fs/filesystem-status.ts';
import { classifyHeartbeatErrno, errnoOf, OwnershipLost } from './lock-errors.ts';
import type { LockPaths } from './owner-record.ts';

// One failed refresh, with everything a person needs to see why: which lock, which file, which
// step and system call, which errno, how often in a row, and how full the lock's filesystem is.
export interface HeartbeatFailure {
	failureClass: HeartbeatFailureClass;
	errno: string;
	operation: string;
	syscall: string | null;
	path: string;
	lockPath: string;
	heartbeatPath: string;
	consecutiveFailures: number;
	freeBytes: number | null;
	freeInodes: number | null;
	cause: unknown;
}

// A refresh step that failed: the step's name and path, the original error as cause.
export class RefreshStepFailed extends Error {
	readonly operation: string;
	readonly path: string;
	override readonly cause: unknown;

	constructor(operation: string, target: string, cause: unknown) {
		super(`${operation} ${target}: ${errnoOf(cause)}`);
		this.operation = operation;
		this.path = target;
		this.cause = cause;
	}

	get code(): string {
		return errnoOf(this.cause);
	}
}

export async function describeFailure(
	error: unknown,
	paths: LockPaths,
	consecutiveFailures: number,
	// Runs the statfs call under the same time-out as every other call of the heartbeat.
	timed: <T>(run: () => Promise<T>) => Promise<T>,
): Promise<HeartbeatFailure> {
	const step = error instanceof RefreshStepFailed ? error : null;
	const cause = step ? step.cause : error;
	const lost = cause instanceof OwnershipLost;
	const errno = errnoOf(cause);
	// Figures of the directory that holds the lock: it exists even when the lock was removed.
	const figures = await timed(() => statfsFigures(path.dirname(paths.lockDir))).catch(() => null);
	const syscall = (cause as { syscall?: unknown } | null)?.syscall;
	return {
		failureClass: lost ? 'lost' : classifyHeartbeatErrno(errno),
		errno,
		operation: step?.operation ?? (lost ? cause.syscall : 'refresh'),
		syscall: typeof syscall === 'string' && !lost ? syscall : null,
		path: step?.path ?? (lost ? cause.path : paths.recordPath),
		lockPath: paths.lockDir,
		heartbeatPath: paths.recordPath,
		consecutiveFailures,
		freeBytes: figures?.freeBytes ?? null,
		freeInodes: figures?.freeInodes ?? null,
		cause,
	};
}
