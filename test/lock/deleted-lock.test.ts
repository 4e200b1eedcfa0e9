import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../native-host/lock/acquire.ts';
import type { HeldLock } from '../../native-host/lock/held-lock.ts';
import { type LockFs, nodeLockFs } from '../../native-host/lock/lock-fs.ts';
import { acquireWatched } from './watched-lock.ts';

let folder: string;

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'safedisk-deleted-'));
});

afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

function freshResource(): string {
	return path.join(mkdtempSync(path.join(folder, 'case-')), 'resource');
}

// Short timings keep a predecessor wait to a fraction of a second.
const QUICK = {
	heartbeatIntervalMs: 50,
	staleThresholdMs: 400,
	unhealthyMarginMs: 100,
	recheckIntervalMs: 50,
};

// Replaces R.lock with another claimant's directory (as a deletion followed by a new claim
// would) the first time the heartbeat reaches `call`, just before that call runs.
function replacedDuring(call: 'writeFile' | 'rename', lockDir: () => string): LockFs {
	let done = false;
	const original = nodeLockFs[call] as (a: string, b: string) => Promise<void>;
	return {
		...nodeLockFs,
		[call]: async (a: string, b: string) => {
			if (!done && a.endsWith('.tmp')) {
				done = true;
				const dir = lockDir();
				renameSync(dir, `${dir}.gone`);
				mkdirSync(dir);
				nodeLockFs.writeFileSync(`${dir}/owner.json`, '{"token":"someone else"}\n');
				// A write already made lands where the path now leads: the new directory.
				if (call === 'rename') renameSync(`${dir}.gone/${path.basename(a)}`, a);
			}
			return original(a, b);
		},
	};
}

describe('a lock directory deleted while it is held', () => {
	it('never lets a slow heartbeat write replace the record of the next claimant', async () => {
		const resource = freshResource();
		const fs = replacedDuring('writeFile', () => `${resource}.lock`);
		const { lock, until } = await acquireWatched(resource, { fs });
		await until((event) => event.kind === 'state-changed' && event.state === 'lost');
		expect(readFileSync(`${resource}.lock/owner.json`, 'utf8')).toContain('someone else');
		await expect(lock.release()).rejects.toMatchObject({ code: 'ELOCK_LOST' });
		expect(existsSync(`${resource}.lock`)).toBe(true);
	});

	it("never removes another claimant's directory, even one its own late write landed in", async () => {
		const resource = freshResource();
		const fs = replacedDuring('rename', () => `${resource}.lock`);
		const { lock, until } = await acquireWatched(resource, { fs });
		await until((event) => event.kind === 'state-changed' && event.state === 'lost');
		// The record names this holder now, yet the directory is not the one it created.
		expect(readFileSync(`${resource}.lock/owner.json`, 'utf8')).toContain(lock.token);
		await expect(lock.release()).rejects.toMatchObject({ code: 'ELOCK_LOST' });
		expect(existsSync(`${resource}.lock`)).toBe(true);
	});

	it('lets only one of two claimants enter when R.lock is deleted twice during the wait', async () => {
		const resource = freshResource();
		const holder = await acquireLock(resource, QUICK);
		rmSync(`${resource}.lock`, { recursive: true });
		// Claims a new directory before its first await, then outwaits the holder whose directory
		// vanished; its claim is deleted while it waits, with no timer between that could let it in.
		const first = acquireLock(resource, QUICK);
		expect(existsSync(`${resource}.lock/owner.json`)).toBe(true);
		rmSync(`${resource}.lock`, { recursive: true });
		const second = acquireLock(resource, QUICK);
		const outcomes = await Promise.allSettled([first, second]);
		const entered = outcomes.filter(
			(outcome): outcome is PromiseFulfilledResult<HeldLock> => outcome.status === 'fulfilled',
		);
		const refused = outcomes.filter(
			(outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
		);
		expect(entered).toHaveLength(1);
		expect(refused.map((outcome) => outcome.reason?.code)).toEqual(['ELOCKED']);
		for (const outcome of entered) await outcome.value.release();
		await holder.release().catch(() => undefined);
	});

	it('still lets a claimant in when R.lock keeps being deleted faster than the stale threshold', async () => {
		const resource = freshResource();
		const holder = await acquireLock(resource, QUICK);
		rmSync(`${resource}.lock`, { recursive: true });
		const deleter = setInterval(
			() => rmSync(`${resource}.lock`, { recursive: true, force: true }),
			150,
		);
		try {
			// Each claim is deleted before a full stale threshold passes; the wait for the vanished
			// holder counts from when it was first seen, not from each new claim.
			const lock = await acquireLock(resource, { ...QUICK, waitMs: 4000 });
			clearInterval(deleter);
			await lock.release().catch(() => undefined);
		} finally {
			clearInterval(deleter);
			await holder.release().catch(() => undefined);
		}
	});
});
