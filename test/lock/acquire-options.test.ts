import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../native-host/lock/acquire.ts';
import { MAX_RESOURCE_NAME_BYTES } from '../../native-host/lock/acquire-options.ts';
import {
	judgedStaleThresholdMs,
	LOCK_DEFAULTS,
	MAX_STALE_THRESHOLD_MS,
} from '../../native-host/lock/defaults.ts';
import { localIdentity } from '../../native-host/lock/owner-evidence.ts';

let folder: string;

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'safedisk-options-'));
});

afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

function freshResource(name = 'resource'): string {
	return path.join(mkdtempSync(path.join(folder, 'case-')), name);
}

describe('acquireLock arguments', () => {
	it('refuses a resource that is not a non-empty path, or is a filesystem root', async () => {
		const call = acquireLock as (resource?: unknown) => Promise<unknown>;
		for (const resource of [42, undefined, '', '/', 'a\0b']) {
			await expect(call(resource)).rejects.toMatchObject({ code: 'ELOCK_BAD_RESOURCE' });
		}
	});

	it('refuses a resource name too long for the lock names up front, and takes the longest that fits', async () => {
		const longest = freshResource('n'.repeat(MAX_RESOURCE_NAME_BYTES));
		const lock = await acquireLock(longest);
		await lock.release();
		await expect(
			acquireLock(freshResource('n'.repeat(MAX_RESOURCE_NAME_BYTES + 1))),
		).rejects.toMatchObject({ code: 'ELOCK_BAD_RESOURCE' });
	});

	it('refuses a waitMs that is not a number of milliseconds and an unknown unhealthy policy', async () => {
		const resource = freshResource();
		for (const waitMs of [Number.NaN, -1, '100']) {
			await expect(acquireLock(resource, { waitMs: waitMs as number })).rejects.toMatchObject({
				code: 'ELOCK_BAD_OPTIONS',
			});
		}
		await expect(acquireLock(resource, { onUnhealthy: 'ignore' as 'keep' })).rejects.toMatchObject({
			code: 'ELOCK_BAD_OPTIONS',
		});
		await expect(
			acquireLock(resource, { staleThresholdMs: MAX_STALE_THRESHOLD_MS + 1 }),
		).rejects.toMatchObject({ code: 'ELOCK_BAD_OPTIONS' });
	});

	it('is not reentrant: a second acquisition in the same process is refused while the first holds', async () => {
		const resource = freshResource();
		const lock = await acquireLock(resource);
		await expect(acquireLock(resource)).rejects.toMatchObject({ code: 'ELOCKED' });
		await lock.release();
	});
});

describe('the stale threshold a record may impose', () => {
	it('binds contenders up to the cap, never below their own, never above the cap', () => {
		expect(judgedStaleThresholdMs(5000)).toBe(5000);
		expect(judgedStaleThresholdMs(10)).toBe(LOCK_DEFAULTS.staleThresholdMs);
		expect(judgedStaleThresholdMs(null)).toBe(LOCK_DEFAULTS.staleThresholdMs);
		expect(judgedStaleThresholdMs(Number.MAX_SAFE_INTEGER)).toBe(MAX_STALE_THRESHOLD_MS);
	});

	it.each([
		['claims an endless stale threshold', { staleThresholdMs: Number.MAX_SAFE_INTEGER }],
		['wrote its heartbeat in the future', { refreshedAt: '2099-01-01T00:00:00.000Z' }],
	])('takes over a dead owner whose record %s', async (_, patch) => {
		const resource = freshResource();
		const identity = localIdentity();
		const old = new Date(Date.now() - 3_600_000);
		mkdirSync(`${resource}.lock`);
		const record = {
			convention: 'safedisk-lock/1',
			token: 'c'.repeat(32),
			pid: 2 ** 22 + 1,
			startTime: null,
			bootId: identity.bootId,
			pidNamespace: identity.pidNamespace,
			hostname: identity.hostname,
			acquiredAt: old.toISOString(),
			refreshedAt: old.toISOString(),
			heartbeatIntervalMs: 250,
			staleThresholdMs: 2000,
			fence: 7,
			state: 'healthy',
		};
		writeFileSync(`${resource}.lock/owner.json`, JSON.stringify({ ...record, ...patch }));
		utimesSync(`${resource}.lock/owner.json`, old, old);
		const lock = await acquireLock(resource);
		expect(lock.takeover).toMatchObject({ previousFence: 7, reason: 'owner-dead' });
		await lock.release();
	});
});
