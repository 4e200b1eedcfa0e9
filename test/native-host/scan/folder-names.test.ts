import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customInstall } from '../../../native-host/scan/installs.ts';
import { runScan, type ScanResult } from '../../../native-host/scan/scan-run.ts';
import { WalkPool } from '../../../native-host/scan/walk-pool.ts';

// Linux file names are bytes. These are not valid UTF-8, so decoding them as text changes them.
const bytes = (text: string) => Buffer.from(text, 'latin1');

function du(args: string[], target: string): number {
	return Number(execFileSync('du', [...args, target], { encoding: 'utf8' }).split('\t')[0]);
}

function file(parts: string[], size: number): void {
	const target = bytes(parts.join('/'));
	mkdirSync(bytes(parts.slice(0, -1).join('/')), { recursive: true });
	writeFileSync(target, Buffer.alloc(size, 1));
}

describe('names the scan meets on disk', () => {
	let base = '';
	let pool: WalkPool | undefined;

	beforeAll(() => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-exact-names-'));
	});
	afterEach(async () => pool?.close());
	afterAll(() => rmSync(base, { recursive: true, force: true }));

	it('not valid UTF-8 are walked and measured as du measures them, never as vanished', async () => {
		const tree = path.join(base, 'tree');
		file([tree, 'plain', 'a'], 10_000);
		file([tree, '\xff', 'inside'], 100_000);
		file([tree, '\xff', '\xfe', 'deeper'], 50_000);
		file([tree, 'plain', 'caf\xe9'], 70_000);
		// A valid name holding U+FFFD itself, next to the odd bytes.
		file([tree, 'plain', Buffer.from('\uFFFD').toString('latin1')], 30_000);
		pool = new WalkPool({ workers: 2 });
		const [totals] = await pool.measure([tree]);
		expect(totals).toMatchObject({ vanished: 0, unreadable: 0, files: 5 });
		expect(totals?.allocatedBytes).toBe(du(['-s', '--block-size=1'], tree));
		expect(totals?.apparentBytes).toBe(du(['-sb'], tree));
	});

	describe('not valid UTF-8, in a user-data folder', () => {
		let userDataDir = '';
		let result: ScanResult;

		beforeAll(async () => {
			userDataDir = path.join(base, 'user-data');
			const profile = path.join(userDataDir, 'Default');
			file([profile, 'Preferences'], 2);
			writeFileSync(path.join(userDataDir, 'Local State'), '{}');
			file([userDataDir, '\xff', 'blob'], 100_000);
			file([profile, 'Backup \xfe', 'blob'], 60_000);
			file([profile, 'IndexedDB', 'https_x.example_0.indexeddb.\xfd', 'blob'], 40_000);
			file([profile, 'Cache', 'Cache_Data', '\xfc'], 20_000);
			file([profile, 'Cache', 'Cache_Data', 'sub\xfb', 'entry'], 10_000);
			const system = { platform: 'linux' as const, home: '/nonexistent', env: {} };
			result = await runScan({ installs: [customInstall(userDataDir, system)] });
		});

		it('counts every byte of them and nothing as vanished', () => {
			expect(result.vanished).toBe(0);
			expect(result.problems).toEqual([]);
			const itemBytes = result.items.reduce((sum, item) => sum + item.apparentBytes, 0);
			expect(itemBytes).toBeGreaterThanOrEqual(230_000);
		});

		it('lists them by an escaped name and never offers them for deletion by path', () => {
			const odd = result.items.find((item) => item.paths.includes(`${userDataDir}/\\xff`));
			expect(odd).toMatchObject({ category: 'other', detail: '\\xff', hostDeletable: false });
			expect(odd?.apparentBytes).toBeGreaterThanOrEqual(100_000);
			expect(odd?.locations.every((location) => !location.whole)).toBe(true);
			const cache = result.items.find((item) => item.category === 'http-cache');
			expect(cache?.apparentBytes).toBeGreaterThanOrEqual(30_000);
		});
	});

	it('sorts folders named like object properties as unknown folders', async () => {
		const userDataDir = path.join(base, 'property-names');
		for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
			file([userDataDir, name, 'blob'], 5000);
			file([userDataDir, 'Default', name, 'blob'], 5000);
			file([userDataDir, 'Default', 'WebStorage', '1', name, 'blob'], 5000);
		}
		file([userDataDir, 'Default', 'Preferences'], 2);
		const system = { platform: 'linux' as const, home: '/nonexistent', env: {} };
		const result = await runScan({ installs: [customInstall(userDataDir, system)] });
		const other = result.items.filter((item) => item.category === 'other');
		expect(other.map((item) => item.detail).sort()).toEqual([
			'__proto__',
			'__proto__',
			'constructor',
			'constructor',
			'hasOwnProperty',
			'hasOwnProperty',
			'toString',
			'toString',
		]);
		const buckets = result.items.filter((item) => item.category === 'storage-bucket');
		expect(buckets.reduce((sum, item) => sum + item.apparentBytes, 0)).toBeGreaterThanOrEqual(
			20_000,
		);
	});
});
