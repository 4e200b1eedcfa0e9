import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../native-host/lock/index.ts';
import { checkDirectory } from './support/check-directory.ts';
import { buildLockZoo, type LockZoo } from './support/lock-zoo.ts';
import { killAllStarted, killAndReap, spawnReady } from './support/processes.ts';

describe('locks made by real code on a healthy filesystem', () => {
	let dir: string;
	let zoo: LockZoo;

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'safedisk-health-'));
		zoo = await buildLockZoo(dir);
	});

	afterAll(async () => {
		await zoo?.release();
		await killAllStarted();
		rmSync(dir, { recursive: true, force: true });
	});

	it('judges an outlived SafeDisk lock whose owner was killed stealable because the owner is dead', async () => {
		const report = (await checkDirectory(dir)).at(zoo.safedisk);
		expect(report.kind).toBe('safedisk');
		expect(report.verdict).toBe('stale-stealable');
		expect(report.reason).toBe('owner-dead');
		expect(report.takeover.mayTakeOver).toBe(true);
		expect(report.holder?.state).toBe('dead');
		expect(report.holder?.check).toBe('no-such-process');
		expect(report.heartbeat.source).toBe('owner-record');
		expect(report.filesystem?.condition).toBe('ok');
	});

	it('judges a SafeDisk lock held by this process healthy and names its command line', async () => {
		const resource = path.join(dir, 'live-job');
		// A threshold no stall of a busy machine comes near: the heartbeat stays fresh.
		const lock = await acquireLock(resource, { staleThresholdMs: 20_000 });
		try {
			const report = (await checkDirectory(dir)).at(`${resource}.lock`);
			expect(report.verdict).toBe('held-healthy');
			expect(report.reason).toBe('heartbeat-fresh');
			expect(report.holder?.pid).toBe(process.pid);
			expect(report.holder?.state).toBe('alive');
			expect(report.holder?.commandLine).toContain('node');
			expect(report.problem).toBe(false);
		} finally {
			await lock.release();
		}
	});

	it('judges a fresh proper-lockfile lock held and an aged one not stealable for lack of an owner', async () => {
		const resource = path.join(dir, 'fresh.json');
		const { writeFileSync } = await import('node:fs');
		writeFileSync(resource, '{}');
		const lockfile = await import('proper-lockfile');
		const release = await lockfile.lock(resource);
		try {
			const checked = await checkDirectory(dir);
			const fresh = checked.at(`${resource}.lock`);
			expect(fresh.kind).toBe('mkdir-mtime');
			expect(fresh.verdict).toBe('held-healthy');
			expect(fresh.heartbeat.source).toBe('directory-mtime');
			const aged = checked.at(zoo.properLockfile);
			expect(aged.verdict).toBe('stale-not-stealable');
			expect(aged.reason).toBe('no-owner-evidence');
			expect(aged.heartbeat.ageMs).toBeGreaterThan(3_000_000);
		} finally {
			await release();
		}
	});

	it('calls an aged proper-lockfile lock an orphan once the resource it guards is gone', async () => {
		const resource = path.join(dir, 'gone.json');
		const { writeFileSync, utimesSync, rmSync: remove } = await import('node:fs');
		writeFileSync(resource, '{}');
		const lockfile = await import('proper-lockfile');
		const release = await lockfile.lock(resource, { onCompromised: () => undefined });
		const past = new Date(Date.now() - 3_600_000);
		utimesSync(`${resource}.lock`, past, past);
		remove(resource);
		try {
			const report = (await checkDirectory(dir)).at(`${resource}.lock`);
			expect(report.verdict).toBe('orphan');
			expect(report.reason).toBe('resource-gone');
			expect(report.takeover.reason).toBe('no-owner-evidence');
		} finally {
			await release().catch(() => undefined);
		}
	});

	it('shows whether the pid of an owner record runs, but never steals without its pid namespace', async () => {
		const checked = await checkDirectory(dir);
		const dead = checked.at(zoo.agentDead);
		expect(dead.kind).toBe('owner-record');
		expect(dead.holder?.state).toBe('dead');
		expect(dead.verdict).toBe('stale-not-stealable');
		expect(dead.reason).toBe('owner-namespace-unknown');
		expect(dead.heartbeat.path).toBe(path.join(zoo.agentDead, 'heartbeat'));
		const live = checked.at(zoo.agentLive);
		expect(live.holder?.state).toBe('alive');
		expect(live.holder?.commandLine).toContain('sleep');
		expect(live.verdict).toBe('stale-not-stealable');
		expect(live.reason).toBe('owner-namespace-unknown');
	});

	it('judges an owner record that states its boot and pid namespace stealable when its pid is dead', async () => {
		const report = (await checkDirectory(dir)).at(zoo.agentDeadFullEvidence);
		expect(report.verdict).toBe('stale-stealable');
		expect(report.reason).toBe('owner-dead');
	});

	it('probes the pid of a pid file and keeps it, since a pid file names no host', async () => {
		const checked = await checkDirectory(dir);
		const dead = checked.at(zoo.pidDead);
		expect(dead.kind).toBe('pid-file');
		expect(dead.holder?.state).toBe('dead');
		expect(dead.verdict).toBe('stale-not-stealable');
		expect(dead.reason).toBe('owner-host-unknown');
		expect(dead.problem).toBe(true);
		const live = checked.at(zoo.pidLive);
		expect(live.holder?.state).toBe('alive');
		expect(live.reason).toBe('owner-host-unknown');
		expect(live.problem).toBe(false);
	});

	it('finds a flock held by a child process through the kernel lock table', async () => {
		const report = (await checkDirectory(dir)).at(zoo.flocked);
		expect(report.kind).toBe('kernel-lock');
		expect(report.kernelLocks).toEqual([{ type: 'FLOCK', mode: 'WRITE', pid: zoo.flockPid }]);
		expect(report.holder?.pid).toBe(zoo.flockPid);
		expect(report.holder?.state).toBe('alive');
		expect(report.holder?.commandLine).toContain('flock');
		expect(report.verdict).toBe('held-healthy');
	});

	it('calls the index.lock of a killed git commit an orphan: no process holds it', async () => {
		const report = (await checkDirectory(dir)).at(zoo.gitIndexLock);
		expect(report.kind).toBe('exclusive-create');
		expect(report.convention).toBe('git');
		expect(report.holder).toBeNull();
		expect(report.verdict).toBe('orphan');
		expect(report.reason).toBe('not-held');
		expect(report.problem).toBe(true);
	});

	it('names the running git commit that holds index.lock while its editor is open', async () => {
		const repo = path.dirname(path.dirname(zoo.gitIndexLock));
		rmSync(zoo.gitIndexLock);
		const git = await spawnReady('git', ['-C', repo, 'commit', '-q', '-a'], {
			env: { ...process.env, GIT_EDITOR: "sh -c 'echo held; exec sleep 600'" },
		});
		try {
			const report = (await checkDirectory(dir)).at(zoo.gitIndexLock);
			expect(report.holder?.source).toBe('git-process');
			expect(report.holder?.state).toBe('alive');
			expect(report.holder?.commandLine).toContain('commit');
			expect(report.verdict).toBe('held-healthy');
		} finally {
			await killAndReap(git);
		}
	});

	it('flags a heartbeat in the future as a clock jump and counts it as a problem', async () => {
		const future = path.join(dir, 'future.lock');
		mkdirSync(future);
		const ahead = new Date(Date.now() + 3_600_000);
		utimesSync(future, ahead, ahead);
		const checked = await checkDirectory(dir);
		const report = checked.at(future);
		expect(report.heartbeat.future).toBe(true);
		expect(report.problem).toBe(true);
		expect(checked.result.problems).toContainEqual(
			expect.objectContaining({ path: future, reason: 'future-mtime' }),
		);
		rmSync(future, { recursive: true });
	});
});
