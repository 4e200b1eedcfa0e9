import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../native-host/lock/acquire.ts';
import { type LockFs, nodeLockFs } from '../../native-host/lock/lock-fs.ts';
import { localIdentity } from '../../native-host/lock/owner-evidence.ts';
import { itAsRoot } from '../support/root-only.ts';
import { isEvent, logFolder, newLogFile, startHolder } from './contention.ts';

let folder: string;

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'safedisk-acquire-'));
});

afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

function freshResource(): string {
	return path.join(mkdtempSync(path.join(folder, 'case-')), 'resource');
}

function failing(
	call: keyof LockFs,
	errno: string,
	when: (target: string) => boolean = () => true,
): LockFs {
	const original = nodeLockFs[call] as (...args: unknown[]) => unknown;
	return {
		...nodeLockFs,
		[call]: (...args: unknown[]) => {
			if (when(String(args[0])))
				throw Object.assign(new Error(errno), { code: errno, syscall: call, path: args[0] });
			return original(...args);
		},
	};
}

describe('acquiring and releasing', () => {
	it('creates R.lock with a complete owner record and gives it back on release', async () => {
		const resource = freshResource();
		const lock = await acquireLock(resource);
		const record = JSON.parse(readFileSync(`${resource}.lock/owner.json`, 'utf8'));
		const identity = localIdentity();
		expect(record).toMatchObject({
			token: lock.token,
			pid: process.pid,
			startTime: identity.startTime,
			bootId: identity.bootId,
			pidNamespace: identity.pidNamespace,
			hostname: identity.hostname,
			acquiredAt: expect.any(String),
			heartbeatIntervalMs: 250,
			staleThresholdMs: 2000,
			fence: lock.fence,
			state: 'healthy',
		});
		expect(lock.token).toMatch(/^[0-9a-f]{32}$/);
		await lock.release();
		expect(lock.health).toBe('released');
		expect(lock.signal.aborted).toBe(true);
		expect(readdirSync(path.dirname(resource))).toEqual(['resource.lock.fence']);
		await lock.release();
	});

	it('tells a second contender "locked" while the holder is healthy', async () => {
		const resource = freshResource();
		// A threshold no stall of a busy machine comes near: the heartbeat stays fresh.
		const lock = await acquireLock(resource, { staleThresholdMs: 20_000 });
		await expect(acquireLock(resource)).rejects.toMatchObject({
			code: 'ELOCKED',
			details: { verdict: 'held-healthy', reason: 'heartbeat-fresh' },
		});
		await lock.release();
	});

	it('gives a waiter the lock once it is released', async () => {
		const resource = freshResource();
		const first = await acquireLock(resource);
		setTimeout(() => void first.release(), 300);
		const second = await acquireLock(resource, { waitMs: 10_000 });
		expect(first.health).toBe('released');
		expect(second.fence).toBeGreaterThan(first.fence);
		await second.release();
	});

	it('stops waiting at the deadline with "locked", and at once when its signal aborts', async () => {
		const resource = freshResource();
		const lock = await acquireLock(resource);
		await expect(acquireLock(resource, { waitMs: 400 })).rejects.toMatchObject({ code: 'ELOCKED' });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 200);
		await expect(
			acquireLock(resource, { waitMs: 60_000, signal: controller.signal }),
		).rejects.toMatchObject({
			code: 'E_CANCELLED',
		});
		await lock.release();
	});

	it('refuses timings whose stale threshold is not far above the heartbeat interval', async () => {
		await expect(
			acquireLock(freshResource(), { heartbeatIntervalMs: 500, staleThresholdMs: 1000 }),
		).rejects.toMatchObject({ code: 'ELOCK_BAD_OPTIONS' });
		await expect(
			acquireLock(freshResource(), { staleThresholdMs: 2000, unhealthyMarginMs: 1900 }),
		).rejects.toMatchObject({ code: 'ELOCK_BAD_OPTIONS' });
	});

	it('leaves no half-made lock when writing the owner record fails with ENOSPC', async () => {
		const resource = freshResource();
		const fs = failing('writeFileSync', 'ENOSPC');
		await expect(acquireLock(resource, { fs })).rejects.toMatchObject({
			code: 'ELOCK_STORAGE_FULL',
			errno: 'ENOSPC',
		});
		expect(readdirSync(path.dirname(resource))).toEqual([]);
	});

	it('undoes the acquisition when the fencing ledger cannot be written', async () => {
		const resource = freshResource();
		const fs = failing('writeAtSync', 'EDQUOT');
		await expect(acquireLock(resource, { fs })).rejects.toMatchObject({
			code: 'ELOCK_STORAGE_FULL',
			errno: 'EDQUOT',
		});
		expect(readdirSync(path.dirname(resource))).toEqual([]);
	});

	it('reports EACCES on the parent directory as a permission error with the errno kept', async () => {
		const resource = freshResource();
		const fs = failing('mkdirSync', 'EACCES');
		await expect(acquireLock(resource, { fs })).rejects.toMatchObject({
			code: 'E_PERMISSION',
			errno: 'EACCES',
		});
		expect(readdirSync(path.dirname(resource))).toEqual([]);
	});

	itAsRoot('reports a parent directory the process may not write to as E_PERMISSION', async () => {
		const resource = freshResource();
		chmodSync(path.dirname(resource), 0o755);
		const logs = logFolder();
		try {
			const holder = startHolder({ resource, log: newLogFile(logs, 'eacces'), holdMs: 0 }, 65534);
			const failure = await holder.waitFor(isEvent('acquire-failed'));
			expect(failure).toMatchObject({ code: 'E_PERMISSION', errno: 'EACCES' });
			expect(readdirSync(path.dirname(resource))).toEqual([]);
		} finally {
			rmSync(logs, { recursive: true, force: true });
		}
	});

	it('never removes a lock it no longer owns: release reports ELOCK_LOST and the other lock stays', async () => {
		const resource = freshResource();
		const lock = await acquireLock(resource);
		const record = JSON.parse(readFileSync(lock.heartbeatPath, 'utf8'));
		const thief = JSON.stringify({ ...record, token: 'e'.repeat(32) });
		writeFileSync(lock.heartbeatPath, thief);
		await expect(lock.release()).rejects.toMatchObject({ code: 'ELOCK_LOST' });
		expect(lock.health).toBe('lost');
		expect(readFileSync(lock.heartbeatPath, 'utf8')).toBe(thief);
	});
});

describe('fencing numbers', () => {
	it('grow strictly across acquisitions, processes and a lost ledger', async () => {
		const resource = freshResource();
		const fences: number[] = [];
		for (let round = 0; round < 5; round += 1) {
			const lock = await acquireLock(resource);
			fences.push(lock.fence);
			await lock.release();
		}
		const logs = logFolder();
		try {
			const holder = startHolder({ resource, log: newLogFile(logs, 'fence'), holdMs: 0 });
			const acquired = await holder.waitFor(isEvent('acquired'));
			await holder.waitFor(isEvent('done'));
			fences.push(Number(acquired.fence));
		} finally {
			rmSync(logs, { recursive: true, force: true });
		}
		rmSync(`${resource}.lock.fence`);
		const afterLoss = await acquireLock(resource);
		fences.push(afterLoss.fence);
		await afterLoss.release();
		for (let index = 1; index < fences.length; index += 1) {
			expect(fences[index]).toBeGreaterThan(fences[index - 1] as number);
		}
	});

	it('survive a torn ledger write by reading the older complete entry', async () => {
		const resource = freshResource();
		const first = await acquireLock(resource);
		await first.release();
		const second = await acquireLock(resource);
		await second.release();
		// Damage whichever slot holds the newest entry: its checksum fails, the other still reads.
		const ledger = readFileSync(`${resource}.lock.fence`);
		const newest = ledger.subarray(0, 1024).toString().startsWith('4 ') ? 0 : 1024;
		ledger.write('zzzzzzzz', newest + 60);
		writeFileSync(`${resource}.lock.fence`, ledger);
		const third = await acquireLock(resource);
		expect(third.fence).toBeGreaterThan(second.fence);
		await third.release();
	});
});
