import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLockRoots } from '../../native-host/health/lock-roots.ts';
import { isRoot, skipWithoutRoot } from '../support/root-only.ts';
import { NOBODY, reachableByNobody } from '../support/unprivileged-copy.ts';
import { checkDirectory } from './support/check-directory.ts';
import { FIXTURES } from './support/processes.ts';

const BUILD = fileURLToPath(new URL('../../build', import.meta.url));

describe('hostile and broken input', () => {
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'safedisk-hostile-'));
		chmodSync(dir, 0o755);
	});

	afterAll(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('refuses a missing directory with a code that names the path', async () => {
		const missing = path.join(dir, 'no-such-dir');
		await expect(resolveLockRoots([missing], 'argument')).rejects.toMatchObject({
			code: 'E_PATH_NOT_FOUND',
			path: missing,
		});
	});

	it('refuses a file given as a directory with a code that names the path', async () => {
		const file = path.join(dir, 'plain-file');
		writeFileSync(file, 'x');
		await expect(resolveLockRoots([file], 'argument')).rejects.toMatchObject({
			code: 'E_NOT_A_DIRECTORY',
			path: file,
		});
	});

	it('treats a checked folder named lock, like /run/lock, as a folder of locks', async () => {
		const root = path.join(dir, 'lock');
		mkdirSync(path.join(root, 'sub'), { recursive: true });
		writeFileSync(path.join(root, 'sub', 'x.pid'), '1\n');
		const { reports } = await checkDirectory(root);
		expect(reports.map((report) => report.path)).toEqual([path.join(root, 'sub', 'x.pid')]);
	});

	it('walks past symlink loops and never leaves the tree through a symlink', async () => {
		const root = path.join(dir, 'links');
		mkdirSync(path.join(root, 'inner'), { recursive: true });
		symlinkSync('self.lock', path.join(root, 'self.lock'));
		symlinkSync('b', path.join(root, 'a'));
		symlinkSync('a', path.join(root, 'b'));
		symlinkSync('..', path.join(root, 'inner', 'up'));
		symlinkSync('/', path.join(root, 'escape'));
		symlinkSync('/etc/hostname', path.join(root, 'outside.lock'));
		const { reports, result } = await checkDirectory(root);
		expect(result.directories[0]?.errors).toEqual([]);
		for (const report of reports) expect(report.path.startsWith(`${root}/`)).toBe(true);
		const outside = reports.find((report) => report.path.endsWith('outside.lock'));
		expect([outside?.verdict, outside?.reason]).toEqual(['unknown', 'symlink']);
		expect(outside?.explanation).toContain('/etc/hostname');
		const loop = reports.find((report) => report.path.endsWith('self.lock'));
		expect([loop?.verdict, loop?.reason]).toEqual(['unknown', 'symlink']);
	});

	it('reads only the start of a huge owner record and lists the lock as unknown', async () => {
		const root = path.join(dir, 'huge');
		mkdirSync(path.join(root, 'big.lock'), { recursive: true });
		const padding = 'x'.repeat(16 * 1024 * 1024);
		writeFileSync(path.join(root, 'big.lock', 'owner.json'), `{"pid":1,"pad":"${padding}"}`);
		writeFileSync(path.join(root, 'big.pid'), `123\n${padding}`);
		const checked = await checkDirectory(root);
		const record = checked.at(path.join(root, 'big.lock'));
		expect([record.verdict, record.reason]).toEqual(['unknown', 'owner-record-too-large']);
		const pidFile = checked.at(path.join(root, 'big.pid'));
		expect([pidFile.verdict, pidFile.reason]).toEqual(['unknown', 'content-unrecognised']);
	});

	it('lists a malformed owner record as unknown instead of guessing an owner', async () => {
		const root = path.join(dir, 'malformed');
		mkdirSync(path.join(root, 'agent.lock'), { recursive: true });
		writeFileSync(path.join(root, 'agent.lock', 'lock.json'), '{"pid": 12, "hostname": ');
		writeFileSync(path.join(root, 'agent.lock', 'heartbeat'), '');
		writeFileSync(path.join(root, 'state.lock'), '{"pid": [1,2]');
		const checked = await checkDirectory(root);
		const dirLock = checked.at(path.join(root, 'agent.lock'));
		expect([dirLock.verdict, dirLock.reason, dirLock.holder]).toEqual([
			'unknown',
			'owner-record-malformed',
			null,
		]);
		const fileLock = checked.at(path.join(root, 'state.lock'));
		expect([fileLock.verdict, fileLock.reason]).toEqual(['unknown', 'owner-record-malformed']);
	});

	it.each([0, -5, 1])('never probes or steals on an owner record naming pid %i', async (pid) => {
		const root = path.join(dir, `pid-${pid}`);
		const lockDir = path.join(root, 'agent.lock');
		mkdirSync(lockDir, { recursive: true });
		writeFileSync(path.join(lockDir, 'lock.json'), JSON.stringify({ pid, hostname: hostname() }));
		writeFileSync(path.join(lockDir, 'heartbeat'), '');
		const past = new Date(Date.now() - 3_600_000);
		const { utimesSync } = await import('node:fs');
		utimesSync(path.join(lockDir, 'heartbeat'), past, past);
		writeFileSync(path.join(root, 'worker.pid'), `${pid}\n`);
		const checked = await checkDirectory(root);
		for (const report of [checked.at(lockDir), checked.at(path.join(root, 'worker.pid'))]) {
			expect(report.verdict).toBe('stale-not-stealable');
			expect(report.holder?.pid).toBe(pid);
			if (pid <= 0)
				expect([report.holder?.state, report.holder?.check]).toEqual(['unknown', 'invalid-pid']);
			else expect(report.holder?.state).toBe('alive');
		}
	});

	it('lists a FIFO named like a lock as unknown without blocking on it', async () => {
		const root = path.join(dir, 'fifo');
		mkdirSync(root);
		spawnSync('mkfifo', [path.join(root, 'pipe.lock')]);
		const report = (await checkDirectory(root)).at(path.join(root, 'pipe.lock'));
		expect([report.verdict, report.reason]).toEqual(['unknown', 'special-file']);
	});

	it.skipIf(skipWithoutRoot)(
		'reports an unreadable subdirectory and goes on with the rest, as an unprivileged user',
		() => {
			const root = path.join(dir, 'modes');
			mkdirSync(path.join(root, 'private'), { recursive: true });
			mkdirSync(path.join(root, 'closed.lock'));
			writeFileSync(path.join(root, 'private', 'hidden.pid'), '1\n');
			writeFileSync(path.join(root, 'secret.pid'), '1\n');
			writeFileSync(path.join(root, 'closed.lock', 'lock.json'), '{"pid":1}');
			writeFileSync(path.join(root, 'open.pid'), '1\n');
			chmodSync(path.join(root, 'private'), 0o700);
			chmodSync(path.join(root, 'closed.lock'), 0o700);
			chmodSync(path.join(root, 'secret.pid'), 0o600);
			const child = spawnSync(
				process.execPath,
				[
					reachableByNobody(path.join(FIXTURES, 'check-as-nobody.mjs')),
					reachableByNobody(BUILD),
					root,
				],
				{ uid: NOBODY, gid: NOBODY, encoding: 'utf8' },
			);
			expect(isRoot).toBe(true);
			expect(child.stderr).toBe('');
			const outcome = JSON.parse(child.stdout);
			expect(outcome.uid).toBe(65534);
			expect(outcome.result.directories[0].errors).toEqual([
				expect.objectContaining({ path: path.join(root, 'private'), code: 'EACCES' }),
			]);
			const byName = (name: string) =>
				outcome.reports.find((report: { path: string }) => report.path === path.join(root, name));
			expect(byName('secret.pid')).toMatchObject({ verdict: 'unknown', reason: 'unreadable' });
			expect(byName('closed.lock')).toMatchObject({ verdict: 'unknown', reason: 'unreadable' });
			expect(byName('open.pid')).toMatchObject({ verdict: 'stale-not-stealable' });
		},
	);
});
