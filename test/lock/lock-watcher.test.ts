import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockWatcher } from '../../native-host/lock/lock-watcher.ts';

let folder: string;

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'safedisk-watch-'));
});

afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

describe('waiting for a lock', () => {
	it('wakes when the lock directory goes away, long before its recheck period', async () => {
		const lockDir = path.join(folder, 'resource.lock');
		mkdirSync(lockDir);
		const watcher = new LockWatcher(lockDir);
		try {
			expect(watcher.watching).toBe(true);
			let woken = false;
			const waiting = watcher.wait(60_000, undefined).then(() => {
				woken = true;
			});
			renameSync(lockDir, `${lockDir}.x.released.removed`);
			await waiting;
			expect(woken).toBe(true);
		} finally {
			watcher.close();
		}
	});

	it('ignores changes to other entries of the folder', async () => {
		const lockDir = path.join(folder, 'other.lock');
		const watcher = new LockWatcher(lockDir);
		try {
			const waiting = watcher.wait(300, undefined);
			mkdirSync(path.join(folder, 'unrelated'));
			const outcome = await Promise.race([
				waiting.then(() => 'woken'),
				new Promise((resolve) => setTimeout(() => resolve('slept'), 150)),
			]);
			expect(outcome).toBe('slept');
			await waiting;
		} finally {
			watcher.close();
		}
	});

	it('stops waiting when its signal aborts', async () => {
		const watcher = new LockWatcher(path.join(folder, 'aborted.lock'));
		const controller = new AbortController();
		const waiting = watcher.wait(60_000, controller.signal);
		controller.abort();
		await waiting;
		watcher.close();
	});
});
