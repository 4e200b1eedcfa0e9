import type { ErrorCode } from '../../shared/errors.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import type { HeartbeatFailureClass } from '../../shared/lock-health.ts';

const FAILURE_CLASS_BY_ERRNO: Record<string, HeartbeatFailureClass> = {
	ENOSPC: 'storage-full',
	EDQUOT: 'storage-full',
	EROFS: 'storage-full',
	EIO: 'io-error',
	ESTALE: 'io-error',
	EACCES: 'permission',
	EPERM: 'permission',
	ENOENT: 'path-missing',
	ENOTDIR: 'path-missing',
	ETIMEDOUT: 'timeout',
};

export function errnoOf(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : 'EUNKNOWN';
}

export function classifyHeartbeatErrno(errno: string): HeartbeatFailureClass {
	return FAILURE_CLASS_BY_ERRNO[errno] ?? 'unexpected';
}

// The lock was removed or taken over: no retry can bring it back.
export function isTerminalFailure(failureClass: HeartbeatFailureClass): boolean {
	return failureClass === 'lost' || failureClass === 'path-missing';
}

// A failed refresh that found another owner's record (or none of ours) in the lock directory.
export class OwnershipLost extends Error {
	readonly code = 'ELOCK_LOST';
	readonly syscall: string;
	readonly path: string;

	constructor(syscall: string, path: string, found: string) {
		super(`${path} ${found}`);
		this.syscall = syscall;
		this.path = path;
	}
}

const ACQUIRE_CODE_BY_ERRNO: Record<string, ErrorCode> = {
	ENOSPC: 'ELOCK_STORAGE_FULL',
	EDQUOT: 'ELOCK_STORAGE_FULL',
	EROFS: 'ELOCK_STORAGE_FULL',
	EACCES: 'E_PERMISSION',
	EPERM: 'E_PERMISSION',
	ENOENT: 'E_PATH_NOT_FOUND',
	ENOTDIR: 'E_NOT_A_DIRECTORY',
	ETIMEDOUT: 'E_TIMEOUT',
};

// A filesystem failure while acquiring, taking over or releasing, as a typed error that keeps the
// original errno (through `cause`).
export function lockIoError(
	error: unknown,
	operation: string,
	lockPath: string,
	action: 'lock' | 'release' = 'lock',
): SafeDiskError {
	if (error instanceof SafeDiskError) return error;
	const code = ACQUIRE_CODE_BY_ERRNO[errnoOf(error)] ?? 'ELOCK_IO';
	const what =
		code === 'ELOCK_STORAGE_FULL'
			? `cannot ${action}: storage full or read-only`
			: `${action} I/O failed`;
	return new SafeDiskError(code, `${what} (${operation} on ${lockPath})`, {
		cause: error,
		details: { operation, lockPath },
	});
}

export function lockedError(lockPath: string, details: Record<string, unknown>): SafeDiskError {
	return new SafeDiskError('ELOCKED', `${lockPath} is held by another owner`, {
		details: { lockPath, ...details },
	});
}

export function throwIfCancelled(signal: AbortSignal | undefined, lockPath: string): void {
	if (signal?.aborted) {
		throw new SafeDiskError('E_CANCELLED', `waiting for ${lockPath} was cancelled`, {
			cause: signal.reason,
		});
	}
}

export function lostError(lockPath: string, found: string): SafeDiskError {
	return new SafeDiskError('ELOCK_LOST', `${lockPath} is no longer held by this owner: ${found}`, {
		details: { lockPath, found },
	});
}
