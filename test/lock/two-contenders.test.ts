import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureProcess, JsonLine } from '../support/fixture-process.ts';
import { itAsRoot } from '../support/root-only.ts';
import { fillInodes, fillSpace, mountTmpfs, setImmutable, type Tmpfs } from '../support/tmpfs.ts';
import {
	analyse,
	failureWarnings,
	finish,
	isEvent,
	newLogFile,
	startContender,
	startHolder,
	useContentionRun,
} from './contention.ts';

// The regression at the heart of the lock: the holder's heartbeat fails while a contender keeps
// trying the whole time, and the two are never inside together. Enter and exit lines go to a log
// on the machine's disk, never on the lock's own (possibly full or read-only) filesystem.

const run = useContentionRun();

// `errno` lists the codes that may come first when the fault can show in more than one way.
function expectNamedWarning(
	holder: FixtureProcess,
	lockPath: string,
	errno: string | string[],
): void {
	const accepted = Array.isArray(errno) ? errno : [errno];
	const warning = failureWarnings(holder).find((entry) => accepted.includes(String(entry.errno)));
	expect(warning, `a heartbeat warning with ${accepted.join(' or ')}`).toBeDefined();
	expect(warning).toMatchObject({
		lockPath,
		heartbeatPath: path.join(lockPath, 'owner.json'),
		operation: expect.stringMatching(
			/^(read-record|stat-lock-directory|write-record|replace-record)$/,
		),
		consecutiveFailures: expect.any(Number),
	});
	expect(warning).toHaveProperty('freeBytes');
	expect(warning).toHaveProperty('freeInodes');
}

describe('a holder whose heartbeat fails with an injected error', () => {
	const cases = [
		{ errno: 'ENOSPC', methods: ['writeFile'] },
		{ errno: 'EDQUOT', methods: ['writeFile'] },
		{ errno: 'EIO', methods: ['readFile', 'writeFile'] },
		{ errno: 'EACCES', methods: ['readFile', 'writeFile', 'rename', 'stat'] },
		{ errno: 'EPERM', methods: ['writeFile', 'rename'] },
		{ errno: 'ENOENT', methods: ['readFile', 'stat'] },
	];
	for (const fault of cases) {
		it(`stops its work before the contender enters, and reports ${fault.errno} with the lock and heartbeat paths`, async () => {
			const folder = mkdtempSync(path.join(run.logs(), `injected-${fault.errno}-`));
			const resource = path.join(folder, 'resource');
			const log = newLogFile(run.logs(), `injected-${fault.errno}`);
			const holder = startHolder({ resource, log, holdMs: 8000, lingerMs: 500, fault });
			run.track(holder);
			await holder.waitFor(isEvent('acquired'));
			const contender = startContender({ resource, log, runMs: 9000 });
			run.track(contender);
			await finish(holder, contender);

			const left = await holder.waitFor(isEvent('left'));
			expect(left.aborted).toBe(true);
			expect(left.reason).toBe(fault.errno === 'ENOENT' ? 'ELOCK_LOST' : 'ELOCK_UNHEALTHY');
			await contender.waitFor(isEvent('acquired'));
			expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
			expectNamedWarning(holder, `${resource}.lock`, fault.errno);
		});
	}
});

// The released lock's own space may be just enough for the contender; if not, it is told the
// storage is full (and gets in once the test frees space).
const acquiredOrStorageFull = (message: JsonLine): boolean =>
	message.event === 'acquired' || message.code === 'ELOCK_STORAGE_FULL';

describe('a holder whose heartbeat meets a real filesystem fault', () => {
	let tmpfs: Tmpfs | null = null;

	afterEach(() => {
		tmpfs?.unmount();
		tmpfs = null;
	});

	function lockOnTmpfs(options: { sizeKb: number; inodes: number }): string {
		tmpfs = mountTmpfs(options);
		return path.join(tmpfs.dir, 'resource');
	}

	itAsRoot(
		'keeps the contender out on a full filesystem, and lets it in once space is freed',
		async () => {
			const resource = lockOnTmpfs({ sizeKb: 256, inodes: 1000 });
			const log = newLogFile(run.logs(), 'full-space');
			const holder = startHolder({ resource, log, holdMs: 8000, lingerMs: 500 });
			run.track(holder);
			await holder.waitFor(isEvent('acquired'));
			const filler = fillSpace(path.dirname(resource));
			const contender = startContender({ resource, log, runMs: 15_000 });
			run.track(contender);
			await holder.waitFor(isEvent('left'));
			await contender.waitFor(acquiredOrStorageFull);
			rmSync(filler);
			await contender.waitFor(isEvent('acquired'));
			await finish(holder, contender);
			expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
			expectNamedWarning(holder, `${resource}.lock`, 'ENOSPC');
		},
	);

	itAsRoot(
		'keeps the contender out when the inodes run out, and lets it in once freed',
		async () => {
			const resource = lockOnTmpfs({ sizeKb: 4096, inodes: 64 });
			const log = newLogFile(run.logs(), 'full-inodes');
			const holder = startHolder({ resource, log, holdMs: 8000, lingerMs: 500 });
			run.track(holder);
			await holder.waitFor(isEvent('acquired'));
			const filler = fillInodes(path.dirname(resource));
			const contender = startContender({ resource, log, runMs: 15_000 });
			run.track(contender);
			await holder.waitFor(isEvent('left'));
			await contender.waitFor(acquiredOrStorageFull);
			rmSync(filler, { recursive: true });
			await contender.waitFor(isEvent('acquired'));
			await finish(holder, contender);
			expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
			expectNamedWarning(holder, `${resource}.lock`, 'ENOSPC');
		},
	);

	itAsRoot(
		'never lets the contender take a lock on a read-only filesystem, even from a dead holder',
		async () => {
			const resource = lockOnTmpfs({ sizeKb: 1024, inodes: 1000 });
			const log = newLogFile(run.logs(), 'read-only');
			const holder = startHolder({ resource, log, holdMs: 8000, lingerMs: 1000 });
			run.track(holder);
			await holder.waitFor(isEvent('acquired'));
			tmpfs?.remount('ro');
			const contender = startContender({ resource, log, runMs: 20_000, waitMs: 300 });
			run.track(contender);
			await holder.exited;
			// The holder is dead now, but the read-only filesystem explains its silence.
			await new Promise((resolve) => setTimeout(resolve, 3000));
			expect(contender.messages.some(isEvent('acquired'))).toBe(false);
			tmpfs?.remount('rw');
			const entered = await contender.waitFor(isEvent('acquired'));
			expect(entered.takeover).toMatchObject({ previousPid: holder.pid, reason: 'owner-dead' });
			await finish(contender);
			expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
			expectNamedWarning(holder, `${resource}.lock`, 'EROFS');
		},
	);

	itAsRoot('keeps the contender out of an immutable lock directory (chattr +i)', async () => {
		const resource = lockOnTmpfs({ sizeKb: 1024, inodes: 1000 });
		const log = newLogFile(run.logs(), 'immutable');
		const holder = startHolder({ resource, log, holdMs: 8000, lingerMs: 1000 });
		run.track(holder);
		await holder.waitFor(isEvent('acquired'));
		setImmutable(`${resource}.lock`, true);
		const contender = startContender({ resource, log, runMs: 20_000, waitMs: 300 });
		run.track(contender);
		await holder.exited;
		// A dead owner, but the directory cannot be moved: the takeover fails with its errno kept.
		await contender.waitFor((message) => message.code === 'E_PERMISSION');
		expect(contender.messages.some(isEvent('acquired'))).toBe(false);
		setImmutable(`${resource}.lock`, false);
		await contender.waitFor(isEvent('acquired'));
		await finish(contender);
		expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
		expectNamedWarning(holder, `${resource}.lock`, 'EPERM');
	});

	itAsRoot(
		'keeps the contender out while an unprivileged holder has lost access to its lock',
		async () => {
			const resource = lockOnTmpfs({ sizeKb: 1024, inodes: 1000 });
			const folder = path.join(path.dirname(resource), 'owned-by-nobody');
			mkdirSync(folder);
			chownSync(folder, 65534, 65534);
			const owned = path.join(folder, 'resource');
			const log = newLogFile(run.logs(), 'lost-access');
			const holder = startHolder({ resource: owned, log, holdMs: 8000, lingerMs: 2500 }, 65534);
			run.track(holder);
			await holder.waitFor(isEvent('acquired'));
			chmodSync(`${owned}.lock`, 0o000);
			const contender = startContender({ resource: owned, log, runMs: 20_000, waitMs: 300 });
			run.track(contender);
			await holder.waitFor(isEvent('left'));
			const entered = await contender.waitFor(isEvent('acquired'));
			// Only the holder's death is evidence; a live holder that cannot write is never robbed.
			expect(entered.takeover).toMatchObject({ previousPid: holder.pid, reason: 'owner-dead' });
			await finish(holder, contender);
			expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
			expectNamedWarning(holder, `${owned}.lock`, 'EACCES');
		},
	);

	itAsRoot(
		'keeps the contender out until the holder whose lock directory was deleted has stopped',
		async () => {
			const resource = lockOnTmpfs({ sizeKb: 1024, inodes: 1000 });
			const log = newLogFile(run.logs(), 'deleted');
			const holder = startHolder({ resource, log, holdMs: 8000, lingerMs: 3000 });
			run.track(holder);
			await holder.waitFor(isEvent('acquired'));
			const contender = startContender({ resource, log, runMs: 15_000, waitMs: 300 });
			run.track(contender);
			await new Promise((resolve) => setTimeout(resolve, 300));
			rmSync(`${resource}.lock`, { recursive: true });
			const left = await holder.waitFor(isEvent('left'));
			expect(left.reason).toBe('ELOCK_LOST');
			await contender.waitFor(isEvent('acquired'));
			await finish(holder, contender);
			expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
			// Gone (ENOENT), or already replaced by the contender's directory (another owner's token).
			expectNamedWarning(holder, `${resource}.lock`, ['ENOENT', 'ELOCK_LOST']);
			const release = await holder.waitFor((message) => message.event === 'release-failed');
			expect(release.code).toBe('ELOCK_LOST');
		},
	);
});
