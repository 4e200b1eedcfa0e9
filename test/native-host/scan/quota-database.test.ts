import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuotaBuckets } from '../../../native-host/scan/quota-database.ts';
import type { WalkProblem } from '../../../native-host/scan/walk-totals.ts';

interface SqlJs {
	Database: new () => { run(sql: string): void; export(): Uint8Array; close(): void };
}
const initSqlJs = createRequire(import.meta.url)('sql.js') as () => Promise<SqlJs>;
const holder = fileURLToPath(new URL('./fixtures/hold-quota-database.py', import.meta.url));
const hasPythonSqlite = spawnSync('python3', ['-c', 'import sqlite3']).status === 0;

const SCHEMA =
	'CREATE TABLE buckets(id INTEGER PRIMARY KEY AUTOINCREMENT, storage_key TEXT NOT NULL, host TEXT NOT NULL, name TEXT NOT NULL, use_count INTEGER NOT NULL, last_accessed INTEGER NOT NULL, last_modified INTEGER NOT NULL, expiration INTEGER NOT NULL, quota INTEGER NOT NULL, persistent INTEGER NOT NULL, durability INTEGER NOT NULL) STRICT';

async function writeDatabase(dir: string, rows: [number, string, string][]): Promise<string> {
	const SQL = await initSqlJs();
	const db = new SQL.Database();
	db.run(SCHEMA);
	for (const [id, key, name] of rows) {
		db.run(`INSERT INTO buckets VALUES (${id}, '${key}', 'h', '${name}', 0, 0, 0, 0, 0, 0, 0)`);
	}
	const bytes = db.export();
	db.close();
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, 'QuotaManager');
	writeFileSync(file, bytes);
	return file;
}

describe('reading the QuotaManager database', () => {
	let base = '';
	beforeAll(() => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-quota-'));
	});
	afterAll(() => rmSync(base, { recursive: true, force: true }));

	it('maps bucket ids to their sites and names', async () => {
		const dir = path.join(base, 'ok');
		await writeDatabase(dir, [
			[1, 'https://mail.example/', '_default'],
			[7, 'https://a.example/^0https://b.example', 'inbox'],
		]);
		const result = await readQuotaBuckets(dir);
		expect(result.status).toBe('ok');
		expect(result.buckets.get(1)).toMatchObject({
			origin: 'https://mail.example',
			name: '_default',
		});
		expect(result.buckets.get(7)).toMatchObject({ origin: 'https://a.example', name: 'inbox' });
	});

	it('never changes the browser file it reads', async () => {
		const file = await writeDatabase(path.join(base, 'untouched'), [
			[1, 'https://x.example/', '_default'],
		]);
		const before = readFileSync(file);
		const modified = statSync(file).mtimeMs;
		await readQuotaBuckets(path.dirname(file));
		expect(readFileSync(file).equals(before)).toBe(true);
		expect(statSync(file).mtimeMs).toBe(modified);
	});

	it('says "missing" when there is no database and "corrupt" when it is damaged', async () => {
		expect((await readQuotaBuckets(path.join(base, 'none'))).status).toBe('missing');
		const dir = path.join(base, 'corrupt');
		mkdirSync(dir);
		writeFileSync(
			path.join(dir, 'QuotaManager'),
			Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xab)]),
		);
		const result = await readQuotaBuckets(dir);
		expect(result.status).toBe('corrupt');
		expect(result.buckets.size).toBe(0);
		const random = path.join(base, 'random');
		mkdirSync(random);
		writeFileSync(path.join(random, 'QuotaManager'), Buffer.alloc(10_000, 0x42));
		expect((await readQuotaBuckets(random)).status).toBe('corrupt');
	});

	it('says "too-large" for a database or journal over the cap and notes it as a problem', async () => {
		const file = await writeDatabase(path.join(base, 'capped'), [
			[1, 'https://cap.example/', '_default'],
		]);
		const size = statSync(file).size;
		const problems: WalkProblem[] = [];
		const over = await readQuotaBuckets(path.dirname(file), { problems }, size - 1);
		expect(over).toMatchObject({ status: 'too-large', errorCode: 'EFBIG' });
		expect(problems).toEqual([{ path: file, code: 'EFBIG', kind: 'too-large' }]);
		expect((await readQuotaBuckets(path.dirname(file), {}, size)).status).toBe('ok');
		writeFileSync(`${file}-journal`, Buffer.alloc(size + 1));
		expect((await readQuotaBuckets(path.dirname(file), {}, size)).status).toBe('too-large');
	});

	it('reads a WAL-mode database from its last checkpoint', async () => {
		const file = await writeDatabase(path.join(base, 'wal'), [
			[3, 'https://wal.example/', '_default'],
		]);
		const bytes = readFileSync(file);
		bytes[18] = 2;
		bytes[19] = 2;
		writeFileSync(file, bytes);
		const result = await readQuotaBuckets(path.dirname(file));
		expect(result.status).toBe('ok');
		expect(result.buckets.get(3)?.origin).toBe('https://wal.example');
	});

	describe('while another process holds it locked in the middle of a write', () => {
		if (!hasPythonSqlite && process.env.CI) {
			it('needs python3 with sqlite3, which CI machines have', () => {
				throw new Error('python3 with the sqlite3 module is missing');
			});
		}
		let child: ChildProcess | null = null;
		afterAll(() => {
			child?.kill('SIGKILL');
		});

		it.skipIf(!hasPythonSqlite)('reads the last committed state from a copy', async () => {
			const dir = path.join(base, 'locked');
			mkdirSync(dir);
			const file = path.join(dir, 'QuotaManager');
			child = spawn('python3', [holder, file], { stdio: ['ignore', 'pipe', 'inherit'] });
			await new Promise<void>((resolve, reject) => {
				child?.stdout?.once('data', () => resolve());
				child?.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
			});
			// The holder's uncommitted pages are in the file; the journal holds the originals.
			expect(statSync(`${file}-journal`).size).toBeGreaterThan(0);
			const result = await readQuotaBuckets(dir);
			expect(result.status).toBe('ok');
			expect([...result.buckets.keys()]).toEqual([1]);
			expect(result.buckets.get(1)?.origin).toBe('https://kept.example');
		});
	});
});
