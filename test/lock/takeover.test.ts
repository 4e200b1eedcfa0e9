import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../native-host/lock/acquire.ts';
import { parseProcStat } from '../../native-host/lock/owner-evidence.ts';
import { type FixtureProcess, type JsonLine, startFixture } from '../support/fixture-process.ts';
import { itAsRoot } from '../support/root-only.ts';
import { fillInodes, fillSpace, mountTmpfs, type Tmpfs } from '../support/tmpfs.ts';
import { analyse, logFolder, newLogFile } from './contention.ts';
import { deadPid, plantLock } from './planted-lock.ts';

const RACER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'racer.mjs');

let folder: string;
const cleanups: Array<() => void> = [];

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'safedisk-takeover-'));
});

afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

function freshResource(): string {
	return path.join(mkdtempSync(path.join(folder, 'case-')), 'resource');
}

async function lockedReason(target: string): Promise<unknown> {
	const failure = await acquireLock(target).then(
		(lock) => lock.release().then(() => null),
		(error: unknown) => error,
	);
	expect(failure).toMatchObject({ code: 'ELOCKED' });
	return (failure as { details?: { reason?: unknown } }).details?.reason;
}

function liveChild(): { pid: number; startTime: number; stop: () => void } {
	const child = spawn('sleep', ['60']);
	const pid = child.pid as number;
	const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	return { pid, startTime: stat?.startTime ?? -1, stop: () => child.kill('SIGKILL') };
}

describe('taking over a lock', () => {
	it('takes over from a live pid whose start time differs from the recorded one (pid reuse)', async () => {
		const target = freshResource();
		const other = liveChild();
		cleanups.push(other.stop);
		plantLock(target, { pid: other.pid, startTime: other.startTime + 1 }, 60_000);
		const lock = await acquireLock(target);
		expect(lock.takeover).toMatchObject({ previousPid: other.pid, reason: 'owner-pid-reused' });
		await lock.release();
	});

	it('leaves a stale lock alone while its owner pid is alive with the recorded start time', async () => {
		const target = freshResource();
		const other = liveChild();
		cleanups.push(other.stop);
		plantLock(target, { pid: other.pid, startTime: other.startTime }, 3_600_000);
		expect(await lockedReason(target)).toBe('owner-alive');
	});

	it('takes over a stale lock left before a reboot', async () => {
		const target = freshResource();
		plantLock(target, { bootId: 'a-boot-long-gone', pid: process.pid }, 60_000);
		const lock = await acquireLock(target);
		expect(lock.takeover).toMatchObject({ reason: 'rebooted' });
		await lock.release();
	});

	it('finds no evidence in a pid of another host or pid namespace', async () => {
		const elsewhere = freshResource();
		plantLock(elsewhere, { hostname: 'another-machine', pid: await deadPid() }, 3_600_000);
		expect(await lockedReason(elsewhere)).toBe('owner-on-other-host');
		const container = freshResource();
		plantLock(container, { pidNamespace: 'pid:[4026532999]', pid: await deadPid() }, 3_600_000);
		expect(await lockedReason(container)).toBe('owner-in-other-pid-namespace');
	});

	it('continues the fencing numbers above those of the dead owner', async () => {
		const target = freshResource();
		const planted = plantLock(
			target,
			{ pid: await deadPid(), fence: Date.now() + 10_000_000 },
			60_000,
		);
		const lock = await acquireLock(target);
		expect(lock.fence).toBeGreaterThan(planted.fence);
		await lock.release();
		const next = await acquireLock(target);
		expect(next.fence).toBeGreaterThan(lock.fence);
		await next.release();
	});

	it('lets exactly one of two contenders win a stale lock, even when one is slow to move it aside', async () => {
		const logs = logFolder();
		cleanups.push(() => rmSync(logs, { recursive: true, force: true }));
		for (let round = 0; round < 3; round += 1) {
			const target = freshResource();
			const dead = await deadPid();
			plantLock(target, { pid: dead }, 3_600_000);
			const log = newLogFile(logs, `race-${round}`);
			const go = `${log}.go`;
			const racers = ['a', 'b'].map((who, index) =>
				startRacer({
					resource: target,
					log,
					who,
					go,
					delayMoveMs: index === round % 2 ? 300 : 0,
				}),
			);
			await startTogether(racers, go);
			const outcomes = await outcomesOf(racers);
			const winners = outcomes.filter((outcome) => outcome?.event === 'acquired');
			const losers = outcomes.filter((outcome) => outcome?.event === 'attempt-failed');
			expect(winners).toHaveLength(1);
			expect(winners[0]?.takeover).toMatchObject({ previousPid: dead, reason: 'owner-dead' });
			expect(losers).toEqual([expect.objectContaining({ code: 'ELOCKED' })]);
			expect(analyse(log)).toMatchObject({ enters: 1, overlaps: [] });
		}
	});

	it('makes a newcomer that slips in while the dead directory is moved aside prove the owner dead and fence above it', async () => {
		const logs = logFolder();
		cleanups.push(() => rmSync(logs, { recursive: true, force: true }));
		const target = freshResource();
		const dead = await deadPid();
		// No ledger beside it, and a fencing number above the wall clock: only the dead owner's
		// record can tell the newcomer which number to pass.
		const planted = plantLock(target, { pid: dead, fence: Date.now() + 10_000_000 }, 3_600_000);
		const log = newLogFile(logs, 'slip-in');
		const moved = `${log}.moved`;
		const entered = `${log}.entered`;
		const taker = startRacer({
			resource: target,
			log,
			who: 'taker',
			go: `${log}.go`,
			afterMove: { signal: moved, until: entered },
		});
		const newcomer = startRacer({ resource: target, log, who: 'newcomer', go: moved, entered });
		await startTogether([taker, newcomer], `${log}.go`);
		const [takerOutcome, newcomerOutcome] = await outcomesOf([taker, newcomer]);
		expect(newcomerOutcome).toMatchObject({
			event: 'acquired',
			takeover: { previousPid: dead, previousFence: planted.fence, reason: 'owner-dead' },
		});
		expect(newcomerOutcome?.fence).toBeGreaterThan(planted.fence);
		expect(takerOutcome).toMatchObject({ event: 'attempt-failed', code: 'ELOCKED' });
		expect(analyse(log)).toMatchObject({ enters: 1, overlaps: [] });
	});
});

interface RacerConfig {
	resource: string;
	log: string;
	who: string;
	// The racer starts once this file exists.
	go: string;
	delayMoveMs?: number;
	// Written once the racer has entered.
	entered?: string;
	// After moving the dead directory aside: write `signal`, then stall until `until` exists.
	afterMove?: { signal: string; until: string };
}

function startRacer(config: RacerConfig): FixtureProcess & { ready: string; release: string } {
	const ready = `${config.log}.${config.who}.ready`;
	const release = `${config.log}.release`;
	const racer = startFixture(RACER, {
		env: { SAFEDISK_FIXTURE: JSON.stringify({ ...config, ready, release }) },
	});
	cleanups.push(() => racer.kill('SIGKILL'));
	return Object.assign(racer, { ready, release });
}

// Releases the racers once every one of them is loaded and waiting.
async function startTogether(racers: Array<{ ready: string }>, go: string): Promise<void> {
	const until = Date.now() + 30_000;
	while (!racers.every((racer) => existsSync(racer.ready))) {
		if (Date.now() > until) throw new Error('the racers did not get ready within 30 s');
		await sleep(10);
	}
	writeFileSync(go, '');
}

// Each racer's outcome; the winner holds the lock until all are known, then every racer exits.
async function outcomesOf(
	racers: Array<FixtureProcess & { release: string }>,
): Promise<Array<JsonLine | undefined>> {
	const outcomes = await Promise.all(
		racers.map((racer) => racer.waitFor((message) => message.event !== 'done', 30_000)),
	);
	for (const racer of racers) writeFileSync(racer.release, '');
	await Promise.all(racers.map((racer) => racer.exited));
	return outcomes;
}

describe('a full filesystem while acquiring or taking over', () => {
	let tmpfs: Tmpfs | null = null;

	afterEach(() => {
		tmpfs?.unmount();
		tmpfs = null;
	});

	for (const exhausted of ['space', 'inodes'] as const) {
		itAsRoot(
			`reports ELOCK_STORAGE_FULL once, at once, and leaves no new paths when ${exhausted} run out`,
			async () => {
				tmpfs = mountTmpfs({ sizeKb: 512, inodes: 200 });
				const target = path.join(tmpfs.dir, 'resource');
				plantLock(target, { pid: await deadPid() }, 3_600_000);
				if (exhausted === 'space') fillSpace(tmpfs.dir);
				else fillInodes(tmpfs.dir);
				const before = readdirSync(tmpfs.dir).sort();
				const started = performance.now();
				const failure = await acquireLock(target, { waitMs: 120_000 }).catch(
					(error: unknown) => error,
				);
				expect(failure).toMatchObject({
					code: 'ELOCK_STORAGE_FULL',
					details: { reason: 'filesystem-full', mayTakeOver: false },
				});
				// No waiting out the deadline, no retry loop: far sooner than the two minutes allowed.
				expect(performance.now() - started).toBeLessThan(30_000);
				expect(readdirSync(tmpfs.dir).sort()).toEqual(before);
				expect(readdirSync(`${target}.lock`)).toEqual(['owner.json']);
			},
		);
	}
});
