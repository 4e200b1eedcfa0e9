import { execFileSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as lockfile from 'proper-lockfile';
import { LOCK_DEFAULTS } from '../../../native-host/lock/defaults.ts';
import { localIdentity } from '../../../native-host/lock/owner-evidence.ts';
import {
	BUILT_LOCK,
	deadPid,
	FIXTURES,
	killAndReap,
	spawnReady,
	spawnSleeper,
} from './processes.ts';

// One real lock of every convention, made by the code that makes it in the wild, in `dir`.
// Aged locks have their heartbeat moved an hour into the past (or, for SafeDisk, outlived).
export interface LockZoo {
	safedisk: string;
	properLockfile: string;
	agentDead: string;
	agentLive: string;
	agentDeadFullEvidence: string;
	pidDead: string;
	pidLive: string;
	flocked: string;
	flockPid: number;
	gitIndexLock: string;
	// Directories that hold a lock, for chattr +i.
	lockDirectories: string[];
	release(): Promise<void>;
}

const HOUR_AGO = () => new Date(Date.now() - 3_600_000);

export async function buildLockZoo(dir: string): Promise<LockZoo> {
	const releases: Array<() => Promise<void>> = [];
	const sleeper = spawnSleeper();
	releases.push(() => killAndReap(sleeper));
	const livePid = sleeper.pid ?? 0;

	// SafeDisk: a holder that took its lock with the library and was killed.
	const safedisk = path.join(dir, 'job');
	const holder = await spawnReady(process.execPath, [
		path.join(FIXTURES, 'safedisk-holder.mjs'),
		BUILT_LOCK,
		safedisk,
	]);
	await killAndReap(holder);

	// proper-lockfile: a held lock whose refresh is far off, moved an hour back.
	const resource = path.join(dir, 'settings.json');
	writeFileSync(resource, '{}');
	const release = await lockfile.lock(resource, {
		stale: 60_000,
		update: 30_000,
		onCompromised: () => undefined,
	});
	releases.push(() => release().catch(() => undefined));
	utimesSync(`${resource}.lock`, HOUR_AGO(), HOUR_AGO());

	// Owner record plus heartbeat file, as AI command-line tools write them.
	const agentDead = writeAgentLock(dir, 'agent-dead.lock', 'lock.json', { pid: deadPid() });
	const agentLive = writeAgentLock(dir, 'agent-live.lock', 'owner.json', { pid: livePid });
	const agentDeadFullEvidence = writeAgentLock(dir, 'agent-full.lock', 'lock.json', {
		pid: deadPid(),
		bootId: localIdentity().bootId,
		pidNamespace: localIdentity().pidNamespace,
	});

	const pidDead = path.join(dir, 'worker-dead.pid');
	writeFileSync(pidDead, `${deadPid()}\n`);
	const pidLive = path.join(dir, 'worker-live.pid');
	writeFileSync(pidLive, `${livePid}\n`);

	// A kernel flock held by util-linux flock(1) in a child.
	const flocked = path.join(dir, 'cron.lock');
	const flock = await spawnReady('flock', [flocked, 'sh', '-c', 'echo held; exec sleep 600']);
	releases.push(() => killAndReap(flock));

	// git's index.lock, left behind by a `git commit -a` killed while its editor was open.
	const repo = path.join(dir, 'repo');
	mkdirSync(repo);
	const git = (...args: string[]) =>
		execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
	git('init', '-q', '--template=');
	git('config', 'user.email', 'test@example.invalid');
	git('config', 'user.name', 'test');
	writeFileSync(path.join(repo, 'file'), 'one\n');
	git('add', 'file');
	git('commit', '-q', '-m', 'one');
	writeFileSync(path.join(repo, 'file'), 'two\n');
	const committing = await spawnReady('git', ['-C', repo, 'commit', '-q', '-a'], {
		env: { ...process.env, GIT_EDITOR: "sh -c 'echo held; exec sleep 600'" },
	});
	await killAndReap(committing);
	const gitIndexLock = path.join(repo, '.git', 'index.lock');
	utimesSync(gitIndexLock, HOUR_AGO(), HOUR_AGO());

	// Outlive the SafeDisk holder's stale threshold: its heartbeat is then really stale.
	await sleep(LOCK_DEFAULTS.staleThresholdMs + 500);
	return {
		safedisk: `${safedisk}.lock`,
		properLockfile: `${resource}.lock`,
		agentDead,
		agentLive,
		agentDeadFullEvidence,
		pidDead,
		pidLive,
		flocked,
		flockPid: flock.pid ?? 0,
		gitIndexLock,
		lockDirectories: [dir, path.join(repo, '.git')],
		async release() {
			for (const undo of releases.reverse()) await undo();
		},
	};
}

function writeAgentLock(
	dir: string,
	name: string,
	recordName: string,
	fields: Record<string, unknown>,
): string {
	const lockDir = path.join(dir, name);
	mkdirSync(lockDir);
	const record = { token: `t-${name}`, hostname: hostname(), createdAt: new Date().toISOString() };
	writeFileSync(path.join(lockDir, recordName), JSON.stringify({ ...record, ...fields }));
	const heartbeat = path.join(lockDir, 'heartbeat');
	writeFileSync(heartbeat, '');
	utimesSync(heartbeat, HOUR_AGO(), HOUR_AGO());
	return lockDir;
}
