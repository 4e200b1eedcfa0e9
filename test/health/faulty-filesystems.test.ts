import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import type { TakeoverReason } from '../../shared/lock-health.ts';
import { skipWithoutRoot } from '../support/root-only.ts';
import { fillInodes, fillSpace, mountTmpfs, setImmutable, type Tmpfs } from '../support/tmpfs.ts';
import { checkDirectory } from './support/check-directory.ts';
import { buildLockZoo, type LockZoo } from './support/lock-zoo.ts';
import { killAllStarted } from './support/processes.ts';

interface Fault {
	name: string;
	apply(fs: Tmpfs, zoo: LockZoo): () => void;
	condition: FilesystemStatus['condition'];
	reason: TakeoverReason;
}

const FAULTS: Fault[] = [
	{
		name: 'a full tmpfs',
		apply: (fs) => {
			fillSpace(fs.dir);
			return () => undefined;
		},
		condition: 'space-full',
		reason: 'filesystem-full',
	},
	{
		name: 'a tmpfs out of inodes',
		apply: (fs) => {
			fillInodes(fs.dir);
			return () => undefined;
		},
		condition: 'inodes-full',
		reason: 'filesystem-full',
	},
	{
		name: 'a tmpfs remounted read-only',
		apply: (fs) => {
			fs.remount('ro');
			return () => undefined;
		},
		condition: 'read-only',
		reason: 'filesystem-read-only',
	},
	{
		name: 'directories made immutable with chattr +i',
		apply: (_fs, zoo) => {
			for (const dir of zoo.lockDirectories) setImmutable(dir, true);
			return () => {
				for (const dir of zoo.lockDirectories) setImmutable(dir, false);
			};
		},
		condition: 'not-writable',
		reason: 'filesystem-not-writable',
	},
];

describe.skipIf(skipWithoutRoot).each(FAULTS)('locks on $name', (fault) => {
	let fs: Tmpfs;
	let zoo: LockZoo;
	let undo: () => void = () => undefined;
	let before: { verdict: string; reason: string } | undefined;

	beforeAll(async () => {
		fs = mountTmpfs({ sizeKb: 4096, inodes: 400 });
		zoo = await buildLockZoo(fs.dir);
		const { verdict, reason } = (await checkDirectory(fs.dir)).at(zoo.safedisk);
		before = { verdict, reason };
		undo = fault.apply(fs, zoo);
	});

	afterAll(async () => {
		undo();
		await zoo?.release();
		await killAllStarted();
		fs?.unmount();
	});

	it('reports the filesystem condition a person would see with df, df -i and a write test', async () => {
		const { result } = await checkDirectory(fs.dir);
		const status = result.directories[0]?.filesystem;
		expect(status?.condition).toBe(fault.condition);
		expect(status?.writable).toBe(false);
		expect(status?.fsType).toBe('tmpfs');
		expect(status?.mountPoint).toBe(fs.dir);
		expect(result.problems.map((problem) => problem.reason)).toContain(
			`filesystem-${fault.condition}`,
		);
	});

	it('keeps an aged SafeDisk lock with a dead owner, because the filesystem explains the silence', async () => {
		// The same lock on the same filesystem, before the fault, was free to take.
		expect(before).toEqual({ verdict: 'stale-stealable', reason: 'owner-dead' });
		const report = (await checkDirectory(fs.dir)).at(zoo.safedisk);
		expect(report.holder?.state).toBe('dead');
		expect(report.verdict).toBe('stale-not-stealable');
		expect(report.reason).toBe(fault.reason);
		expect(report.takeover.mayTakeOver).toBe(false);
	});

	it('gives every stale lock of every convention the same filesystem reason', async () => {
		const checked = await checkDirectory(fs.dir);
		for (const lock of [
			zoo.properLockfile,
			zoo.agentDead,
			zoo.agentLive,
			zoo.agentDeadFullEvidence,
			zoo.pidDead,
			zoo.pidLive,
			zoo.gitIndexLock,
		]) {
			const report = checked.at(lock);
			expect([report.path, report.verdict, report.reason]).toEqual([
				lock,
				'stale-not-stealable',
				fault.reason,
			]);
		}
	});

	it('still sees the flock held by a live child as held', async () => {
		const report = (await checkDirectory(fs.dir)).at(zoo.flocked);
		expect(report.verdict).toBe('held-healthy');
		expect(report.holder?.pid).toBe(zoo.flockPid);
	});
});
