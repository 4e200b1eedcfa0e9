import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AcquireOptions } from '../../native-host/lock/acquire.ts';
import type { HeartbeatFailure } from '../../native-host/lock/heartbeat-failure.ts';
import type { HeldLock } from '../../native-host/lock/held-lock.ts';
import type { LockHealthEvent } from '../../native-host/lock/lock-events.ts';
import { type LogEntry, setLogSink } from '../../native-host/log.ts';
import type { HeartbeatFailureClass } from '../../shared/lock-health.ts';
import { type ScriptedFs, scriptedFs } from './scripted-fs.ts';
import { acquireWatched, type WatchedLock } from './watched-lock.ts';

let folder: string;
const held: HeldLock[] = [];
const logged: LogEntry[] = [];

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'safedisk-heartbeat-'));
	setLogSink((entry) => logged.push(entry));
});

afterEach(async () => {
	for (const lock of held.splice(0)) await lock.release().catch(() => undefined);
	logged.length = 0;
});

afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

async function holdWith(scripted: ScriptedFs, options: AcquireOptions = {}): Promise<WatchedLock> {
	const resource = path.join(mkdtempSync(path.join(folder, 'case-')), 'resource');
	const watched = await acquireWatched(resource, { fs: scripted.fs, ...options });
	held.push(watched.lock);
	return watched;
}

// For tests that count failures: a busy machine may stall a call for hundreds of milliseconds,
// which the default 400 ms call timeout would count as a failure of its own.
const PATIENT = { fsCallTimeoutMs: 2000, staleThresholdMs: 8000 } as const;

const stateIs = (state: string) => (event: LockHealthEvent) =>
	event.kind === 'state-changed' && event.state === state;
const failed = (
	event: LockHealthEvent,
): event is Extract<LockHealthEvent, { kind: 'heartbeat-failed' }> =>
	event.kind === 'heartbeat-failed';

describe('the heartbeat', () => {
	const classes: Array<[string, HeartbeatFailureClass]> = [
		['ENOSPC', 'storage-full'],
		['EDQUOT', 'storage-full'],
		['EROFS', 'storage-full'],
		['EIO', 'io-error'],
		['ESTALE', 'io-error'],
		['EACCES', 'permission'],
		['EPERM', 'permission'],
		['ENOENT', 'path-missing'],
		['ENOTDIR', 'path-missing'],
		['EMFILE', 'unexpected'],
	];
	for (const [errno, failureClass] of classes) {
		it(`classifies ${errno} as ${failureClass}, keeps the errno and logs one warning with the figures`, async () => {
			const scripted = scriptedFs();
			const { lock, until } = await holdWith(scripted, PATIENT);
			scripted.fail(['writeFile'], errno, 1);
			const event = await until(failed);
			const failure = (event as { failure: HeartbeatFailure }).failure;
			expect(failure).toMatchObject({
				failureClass,
				errno,
				operation: 'write-record',
				syscall: 'writeFile',
				lockPath: lock.lockPath,
				heartbeatPath: lock.heartbeatPath,
				consecutiveFailures: 1,
				freeBytes: expect.any(Number),
				freeInodes: expect.any(Number),
			});
			const warnings = logged.filter((entry) => entry.event === 'lock.heartbeat-failed');
			expect(warnings).toHaveLength(1);
			expect(warnings[0]).toMatchObject({
				level: 'warn',
				errno,
				lockPath: lock.lockPath,
				operation: 'write-record',
			});
		});
	}

	it('rides out a single transient error: degraded, then healthy again, work not aborted', async () => {
		const scripted = scriptedFs();
		const { lock, until } = await holdWith(scripted, PATIENT);
		scripted.fail(['readFile'], 'ESTALE', 1);
		await until(stateIs('degraded'));
		await until(stateIs('healthy'));
		expect(lock.signal.aborted).toBe(false);
		expect(lock.health).toBe('healthy');
	});

	it('escalates persistent failures to unhealthy and fires the AbortSignal', async () => {
		const scripted = scriptedFs();
		const { lock, until, events } = await holdWith(scripted);
		scripted.fail(['writeFile'], 'ENOSPC');
		await until(stateIs('unhealthy'));
		expect(lock.signal.aborted).toBe(true);
		expect(lock.signal.reason).toMatchObject({ code: 'ELOCK_UNHEALTHY' });
		const states = events
			.filter((event) => event.kind === 'state-changed')
			.map((event) => event.state);
		expect(states.slice(0, 2)).toEqual(['degraded', 'unhealthy']);
		// Nothing was stolen and the lock is still ours to give back.
		scripted.clear();
		await lock.release();
		expect(lock.health).toBe('released');
	});

	it('releases the lock by itself under the release policy', async () => {
		const scripted = scriptedFs();
		const { lock, until } = await holdWith(scripted, { onUnhealthy: 'release' });
		scripted.fail(['readFile'], 'EIO');
		await until(stateIs('released'));
		expect(lock.signal.aborted).toBe(true);
		expect(() => readFileSync(lock.heartbeatPath)).toThrow();
	});

	it('keeps the lock marked unhealthy under the keep policy, without aborting the work', async () => {
		const scripted = scriptedFs();
		const { lock, until } = await holdWith(scripted, { onUnhealthy: 'keep' });
		scripted.fail(['stat'], 'EIO');
		await until(stateIs('unhealthy'));
		expect(lock.signal.aborted).toBe(false);
		const writes = scripted.calls.length;
		scripted.clear();
		await until(stateIs('healthy'));
		// The first refresh that could write carried the mark for contenders to see.
		const written = scripted.calls.slice(writes).filter((call) => call.call === 'writeFile');
		expect(written.length).toBeGreaterThan(0);
		expect(
			logged.some((entry) => entry.event === 'lock.health' && entry.state === 'unhealthy'),
		).toBe(true);
	});

	it('declares the lock lost, without throwing, when its directory is deleted', async () => {
		const scripted = scriptedFs();
		const { lock, until } = await holdWith(scripted);
		rmSync(lock.lockPath, { recursive: true });
		const event = await until(stateIs('lost'));
		expect(event).toMatchObject({
			failure: { failureClass: 'path-missing', errno: 'ENOENT', operation: 'read-record' },
		});
		expect(lock.signal.reason).toMatchObject({ code: 'ELOCK_LOST' });
		await expect(lock.release()).rejects.toMatchObject({ code: 'ELOCK_LOST' });
	});

	it('declares the lock lost when the owner record names another token', async () => {
		const scripted = scriptedFs();
		const { lock, until } = await holdWith(scripted);
		const record = JSON.parse(readFileSync(lock.heartbeatPath, 'utf8'));
		writeFileSync(lock.heartbeatPath, JSON.stringify({ ...record, token: 'f'.repeat(32) }));
		const event = await until(stateIs('lost'));
		expect(event).toMatchObject({ failure: { failureClass: 'lost', errno: 'ELOCK_LOST' } });
	});

	it('lets the protected work re-check ownership on demand', async () => {
		const scripted = scriptedFs();
		const { lock } = await holdWith(scripted);
		await lock.checkOwnership();
		const record = JSON.parse(readFileSync(lock.heartbeatPath, 'utf8'));
		writeFileSync(lock.heartbeatPath, JSON.stringify({ ...record, token: 'd'.repeat(32) }));
		await expect(lock.checkOwnership()).rejects.toMatchObject({ code: 'ELOCK_LOST' });
		expect(lock.health).toBe('lost');
		expect(lock.signal.aborted).toBe(true);
	});

	it('keeps one refresh in flight even when a call takes longer than the interval', async () => {
		const scripted = scriptedFs();
		const { lock, events } = await holdWith(scripted, { ...PATIENT, heartbeatIntervalMs: 100 });
		// Each refresh makes several such calls: one refresh takes many intervals.
		scripted.hang(['stat'], 200);
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(scripted.maxConcurrent).toBe(1);
		expect(events.filter(failed)).toEqual([]);
		expect(lock.health).toBe('healthy');
	});

	it('classifies a call that does not answer in time as a timeout', async () => {
		const scripted = scriptedFs();
		const { until } = await holdWith(scripted);
		scripted.hang(['stat'], 3000);
		const event = await until(failed);
		expect(event).toMatchObject({
			failure: { failureClass: 'timeout', errno: 'ETIMEDOUT', operation: 'stat-lock-directory' },
		});
		scripted.clear();
	});

	it('decides ownership by token, not by an mtime the filesystem rounds to whole seconds', async () => {
		const scripted = scriptedFs();
		const stat = scripted.fs.stat;
		scripted.fs.stat = async (target) => {
			const real = await stat(target);
			return { ino: real.ino, mtimeMs: Math.floor(real.mtimeMs / 1000) * 1000 };
		};
		const { lock, events } = await holdWith(scripted, PATIENT);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(events.filter(failed)).toEqual([]);
		expect(lock.health).toBe('healthy');
	});

	it('after a long pause re-checks ownership, records a paused event and carries on', async () => {
		const scripted = scriptedFs();
		const { lock, until } = await holdWith(scripted);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const readsBefore = scripted.calls.filter((call) => call.call === 'readFile').length;
		// A blocked event loop: nothing of this process runs for longer than the stale threshold.
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2600);
		const paused = await until((event) => event.kind === 'paused');
		expect(paused).toMatchObject({ pausedMs: expect.any(Number) });
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(scripted.calls.filter((call) => call.call === 'readFile').length).toBeGreaterThan(
			readsBefore,
		);
		expect(lock.health).toBe('healthy');
		expect(lock.signal.aborted).toBe(false);
	});

	it('survives a health listener that throws', async () => {
		const scripted = scriptedFs();
		const { lock, until } = await holdWith(scripted, PATIENT);
		lock.onHealth(() => {
			throw new Error('listener bug');
		});
		scripted.fail(['writeFile'], 'EIO', 1);
		await until(stateIs('healthy'));
		expect(logged.some((entry) => entry.event === 'lock.listener-threw')).toBe(true);
	});
});
