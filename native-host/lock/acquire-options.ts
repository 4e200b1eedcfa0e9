import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import { UNHEALTHY_POLICIES, type UnhealthyPolicy } from '../../shared/lock-health.ts';
import {
	LOCK_DEFAULTS,
	type LockTimings,
	MAX_STALE_THRESHOLD_MS,
	MIN_STALE_TO_INTERVAL_RATIO,
} from './defaults.ts';
import { deadRecoveryPath, lockPaths, stagingPath, tombstonePath } from './owner-record.ts';

// The longest file name most filesystems accept (NAME_MAX), in bytes.
const NAME_MAX_BYTES = 255;

// How many bytes the longest name derived from a resource (a tombstone of the recovery
// directory) adds to the resource's own name.
const DERIVED_NAME_OVERHEAD = (() => {
	const token = '0'.repeat(32);
	const paths = lockPaths('r');
	const names = [
		stagingPath(paths.lockDir, token),
		tombstonePath(paths.lockDir, token, 'released'),
		stagingPath(paths.recoveryDir, token),
		tombstonePath(paths.recoveryDir, token, 'done'),
		deadRecoveryPath(paths, token),
		paths.fencePath,
	];
	return Math.max(...names.map((name) => name.length)) - 'r'.length;
})();

// The longest resource name, in bytes, whose lock names all fit in NAME_MAX.
export const MAX_RESOURCE_NAME_BYTES = NAME_MAX_BYTES - DERIVED_NAME_OVERHEAD;

// The absolute resource path, or a coded error: a lock needs a named file beside which its
// directories can live, so neither an empty string (it would mean the working directory) nor a
// filesystem root is one, and the name must leave room for the longest derived name.
export function resolveResource(resource: unknown): string {
	if (typeof resource !== 'string' || resource.length === 0 || resource.includes('\0')) {
		throw badResource('the resource must be a non-empty path', resource);
	}
	const absolute = path.resolve(resource);
	if (path.parse(absolute).root === absolute) {
		throw badResource('a filesystem root cannot be locked; name a file', resource);
	}
	if (Buffer.byteLength(path.basename(absolute)) > MAX_RESOURCE_NAME_BYTES) {
		throw badResource(
			`the resource name must be at most ${MAX_RESOURCE_NAME_BYTES} bytes, so that the lock's own names fit in ${NAME_MAX_BYTES}`,
			resource,
		);
	}
	return absolute;
}

function badResource(problem: string, resource: unknown): SafeDiskError {
	return new SafeDiskError('ELOCK_BAD_RESOURCE', `cannot lock: ${problem}`, {
		details: { resource: typeof resource === 'string' ? resource : typeof resource },
	});
}

export function resolveWaitMs(waitMs: unknown): number {
	if (waitMs === undefined) return LOCK_DEFAULTS.waitMs;
	if (typeof waitMs !== 'number' || Number.isNaN(waitMs) || waitMs < 0) {
		throw new SafeDiskError('ELOCK_BAD_OPTIONS', 'waitMs must be a number of milliseconds >= 0', {
			details: { waitMs: String(waitMs) },
		});
	}
	return waitMs;
}

export function resolvePolicy(policy: unknown): UnhealthyPolicy {
	if (policy === undefined) return LOCK_DEFAULTS.unhealthyPolicy;
	if (!(UNHEALTHY_POLICIES as readonly unknown[]).includes(policy)) {
		throw new SafeDiskError(
			'ELOCK_BAD_OPTIONS',
			`onUnhealthy must be one of ${UNHEALTHY_POLICIES.join(', ')}`,
			{ details: { onUnhealthy: String(policy) } },
		);
	}
	return policy as UnhealthyPolicy;
}

export function resolveTimings(options: Partial<LockTimings>): LockTimings {
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
	// Contenders judge no record by more than this; a longer promise could not be kept.
	if (stale > MAX_STALE_THRESHOLD_MS)
		problems.push(`staleThresholdMs must be at most ${MAX_STALE_THRESHOLD_MS} ms`);
	if (margin >= stale - interval)
		problems.push('unhealthyMarginMs must leave at least one heartbeat interval before it');
	if (problems.length > 0) {
		throw new SafeDiskError('ELOCK_BAD_OPTIONS', problems.join('; '), { details: { ...timings } });
	}
	return timings;
}
