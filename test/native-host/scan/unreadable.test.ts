import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOBODY, reachableByNobody } from '../../support/unprivileged-copy.ts';

// Root ignores permission bits, so the walker runs as uid 65534 (nobody) in a child process,
// from the build, on folders that root owns with mode 0700.
const isRoot = process.getuid?.() === 0;
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const built = fileURLToPath(
	new URL('../../../build/native-host/scan/scan-run.js', import.meta.url),
);

function runAsNobody(script: string, args: string[]) {
	const child = spawnSync(
		process.execPath,
		[reachableByNobody(path.join(fixtures, script)), ...args],
		{
			uid: NOBODY,
			gid: NOBODY,
			encoding: 'utf8',
			timeout: 60_000,
		},
	);
	expect(child.stderr).toBe('');
	expect(child.status).toBe(0);
	return JSON.parse(child.stdout);
}

function files(dir: string, count: number, bytes: number): void {
	mkdirSync(dir, { recursive: true });
	for (let index = 0; index < count; index += 1) {
		writeFileSync(path.join(dir, `f${index}`), Buffer.alloc(bytes, 7));
	}
}

describe('unreadable folders', () => {
	if (!isRoot && process.env.CI) {
		it('need root to be tested, and CI runs as root', () => {
			throw new Error(
				'CI is set but the tests do not run as root: permission faults are untested.',
			);
		});
	}
	let base = '';

	beforeAll(() => {
		if (!isRoot) return;
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-unreadable-'));
		chmodSync(base, 0o755);
		files(path.join(base, 'tree', 'open'), 10, 1000);
		files(path.join(base, 'tree', 'locked'), 10, 1000);
		chmodSync(path.join(base, 'tree', 'locked'), 0o700);

		const profile = path.join(base, 'user-data', 'Default');
		files(path.join(profile, 'IndexedDB', 'https_open.example_0.indexeddb.leveldb'), 3, 100_000);
		writeFileSync(path.join(base, 'user-data', 'Local State'), '{not json');
		const locked = path.join(profile, 'IndexedDB', 'https_locked.example_0.indexeddb.leveldb');
		files(locked, 3, 100_000);
		chmodSync(locked, 0o700);
		files(path.join(profile, 'WebStorage', '1', 'IndexedDB'), 1, 5000);
		writeFileSync(path.join(profile, 'WebStorage', 'QuotaManager'), 'SQLite format 3\0');
		chmodSync(path.join(profile, 'WebStorage', 'QuotaManager'), 0o600);
		writeFileSync(path.join(profile, 'Preferences'), '{}');
		for (const dir of ['user-data', 'user-data/Default', 'user-data/Default/IndexedDB']) {
			chmodSync(path.join(base, dir), 0o755);
		}
	});

	afterAll(() => {
		if (base) rmSync(base, { recursive: true, force: true });
	});

	it.skipIf(!isRoot)(
		'counts a folder the walker may not read as unreadable and measures the rest',
		() => {
			expect(existsSync(built), 'the host must be built first (npm run build)').toBe(true);
			const { totals, problems } = runAsNobody('walk-child.mjs', [path.join(base, 'tree')]);
			expect(totals[0]).toMatchObject({ unreadable: 1, vanished: 0, files: 10 });
			expect(problems).toEqual([
				{ path: path.join(base, 'tree', 'locked'), code: 'EACCES', kind: 'unreadable' },
			]);
		},
	);

	it.skipIf(!isRoot)(
		'finishes a scan with an unreadable site folder and QuotaManager database',
		() => {
			const { summary, items } = runAsNobody('scan-child.mjs', [path.join(base, 'user-data')]);
			expect(summary.unreadable).toBeGreaterThanOrEqual(1);
			expect(summary.browsers[0]).toMatchObject({
				quotaDatabase: 'unreadable',
				running: 'not-running',
			});
			expect(summary.browsers[0].profiles).toEqual([
				expect.objectContaining({ dir: 'Default', name: null }),
			]);
			const sites = items.filter((item: { category: string }) => item.category === 'indexeddb');
			expect(sites.map((item: { site: string | null }) => item.site)).toEqual(
				expect.arrayContaining(['https://open.example', 'https://locked.example', null]),
			);
			const open = sites.find(
				(item: { site: string | null }) => item.site === 'https://open.example',
			);
			expect(open.allocatedBytes).toBeGreaterThanOrEqual(300_000);
		},
	);
});
