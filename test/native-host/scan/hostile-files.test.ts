import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_ENTRY, HostProcess } from '../../support/host-process.ts';

// Browser files the scan reads for names and sites, replaced by FIFOs or by huge sparse files.
// Everything runs as a child process from the build: a read that blocks on a FIFO would hang the
// process that makes it, and the child is what gets killed then.
const scanChild = fileURLToPath(new URL('./fixtures/scan-child.mjs', import.meta.url));
const MiB = 1024 * 1024;
const READ_FILES = [
	'Local State',
	'Default/WebStorage/QuotaManager',
	'Default/File System/Origins/000003.log',
	`Default/Service Worker/CacheStorage/${'a'.repeat(40)}/index.txt`,
];

function userDataWithFifos(base: string, name: string): string {
	const userDataDir = path.join(base, name);
	for (const file of READ_FILES)
		mkdirSync(path.dirname(path.join(userDataDir, file)), { recursive: true });
	writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), '{}');
	mkdirSync(path.join(userDataDir, 'GrShaderCache'));
	writeFileSync(path.join(userDataDir, 'GrShaderCache', 'data_1'), Buffer.alloc(50_000, 1));
	execFileSync(
		'mkfifo',
		READ_FILES.map((file) => path.join(userDataDir, file)),
	);
	return userDataDir;
}

function runScanChild(userDataDir: string) {
	const child = spawnSync(process.execPath, [scanChild, userDataDir], {
		encoding: 'utf8',
		timeout: 60_000,
		maxBuffer: 64 * MiB,
	});
	expect(child.signal, 'the scan did not finish').toBeNull();
	expect(child.status, child.stderr).toBe(0);
	return JSON.parse(child.stdout);
}

describe('browser files that are FIFOs or far too large', () => {
	let base = '';
	const hosts: HostProcess[] = [];

	beforeAll(() => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-hostile-files-'));
	});
	afterAll(() => {
		// A host that hung on a FIFO is ended here, by its own pid.
		for (const host of hosts) if (host.child.exitCode === null) host.child.kill('SIGKILL');
		rmSync(base, { recursive: true, force: true });
	});

	it('finishes a CLI scan of a folder whose "Local State" is a FIFO', () => {
		const userDataDir = path.join(base, 'fifo-local-state');
		mkdirSync(userDataDir);
		execFileSync('mkfifo', [path.join(userDataDir, 'Local State')]);
		const cli = spawnSync(process.execPath, [HOST_ENTRY, 'scan', '--user-data-dir', userDataDir], {
			encoding: 'utf8',
			timeout: 60_000,
		});
		expect(cli.signal, 'the scan did not finish').toBeNull();
		expect(cli.status).toBe(0);
		expect(cli.stdout).toContain('Local State');
	});

	it('never opens a FIFO it meets where a browser file should be, and names each one', () => {
		const userDataDir = userDataWithFifos(base, 'fifos');
		const { summary, items } = runScanChild(userDataDir);
		const skipped = summary.problems.filter(
			(problem: { kind: string }) => problem.kind === 'not-a-file',
		);
		expect(skipped.map((problem: { path: string }) => problem.path).sort()).toEqual(
			READ_FILES.map((file) => path.join(userDataDir, file)).sort(),
		);
		expect(skipped.every((problem: { code: string }) => problem.code === 'EFTYPE')).toBe(true);
		expect(summary.browsers[0].quotaDatabase).toBe('unreadable');
		const shader = items.find((item: { category: string }) => item.category === 'shader-cache');
		expect(shader.apparentBytes).toBeGreaterThanOrEqual(50_000);
	});

	it('keeps the host answering during four such scans, and it exits when stdin closes', async () => {
		const host = new HostProcess(undefined, { ...process.env, HOME: base });
		hosts.push(host);
		const folders = [1, 2, 3, 4].map((index) => userDataWithFifos(base, `host-${index}`));
		folders.forEach((folder, index) => {
			host.request(`scan-${index}`, 'scan', { userDataDirs: [folder] });
		});
		host.request('disk', 'disk-status', { path: base });
		expect((await host.reply('disk', 30_000)).type).toBe('result');
		for (const index of [0, 1, 2, 3]) {
			const reply = await host.reply(`scan-${index}`, 30_000);
			expect(reply.type).toBe('result');
		}
		host.child.stdin.end();
		const exited = await Promise.race([
			host.exited,
			new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000).unref()),
		]);
		expect(exited).toBe(0);
		expect(host.unframedBytes).toBe(0);
	}, 120_000);

	it('reads neither a 400 MB "Local State" nor a 1.5 GB QuotaManager, and still counts their bytes', () => {
		const userDataDir = path.join(base, 'huge');
		mkdirSync(path.join(userDataDir, 'Default', 'WebStorage'), { recursive: true });
		writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), '{}');
		const localState = path.join(userDataDir, 'Local State');
		const quota = path.join(userDataDir, 'Default', 'WebStorage', 'QuotaManager');
		writeFileSync(localState, '');
		writeFileSync(quota, '');
		truncateSync(localState, 400 * MiB);
		truncateSync(quota, 1536 * MiB);
		const { summary, peakRssBytes } = runScanChild(userDataDir);
		expect(peakRssBytes).toBeLessThan(200 * MiB);
		expect(summary.problems).toEqual(
			expect.arrayContaining([
				{ path: localState, code: 'EFBIG', kind: 'too-large' },
				{ path: quota, code: 'EFBIG', kind: 'too-large' },
			]),
		);
		expect(summary.browsers[0].quotaDatabase).toBe('too-large');
		expect(summary.apparentBytes).toBeGreaterThanOrEqual(1936 * MiB);
	});

	it('does not build a copy past the cap from the page count a journal claims', () => {
		const userDataDir = path.join(base, 'journal');
		const webStorage = path.join(userDataDir, 'Default', 'WebStorage');
		mkdirSync(webStorage, { recursive: true });
		writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), '{}');
		writeFileSync(
			path.join(webStorage, 'QuotaManager'),
			Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080)]),
		);
		// A rollback journal header: magic, record count, nonce, 30,000 original pages of 64 KiB.
		const journal = Buffer.alloc(512);
		Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]).copy(journal);
		journal.writeUInt32BE(0, 8);
		journal.writeUInt32BE(30_000, 16);
		journal.writeUInt32BE(512, 20);
		journal.writeUInt32BE(65_536, 24);
		writeFileSync(path.join(webStorage, 'QuotaManager-journal'), journal);
		const { summary } = runScanChild(userDataDir);
		expect(summary.browsers[0].quotaDatabase).toBe('too-large');
	});
});
