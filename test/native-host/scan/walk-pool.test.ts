import { execFileSync, spawn } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WalkPool } from '../../../native-host/scan/walk-pool.ts';

function du(args: string[], target: string): number {
	return Number(execFileSync('du', [...args, target], { encoding: 'utf8' }).split('\t')[0]);
}

function makeFiles(dir: string, count: number, size: number): void {
	mkdirSync(dir, { recursive: true });
	const data = Buffer.alloc(size, 1);
	for (let index = 0; index < count; index += 1) writeFileSync(path.join(dir, `f${index}`), data);
}

describe('the folder walker', () => {
	let base = '';
	let pool: WalkPool;

	beforeAll(() => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-walk-'));
		const tree = path.join(base, 'tree');
		makeFiles(path.join(tree, 'a', 'deep', 'er'), 50, 5000);
		makeFiles(path.join(tree, 'b'), 30, 70_000);
		writeFileSync(path.join(tree, 'sparse'), '');
		execFileSync('truncate', ['-s', '50M', path.join(tree, 'sparse')]);
		linkSync(path.join(tree, 'b', 'f0'), path.join(tree, 'a', 'hard-link'));
		linkSync(path.join(tree, 'b', 'f1'), path.join(base, 'outside-link'));
		symlinkSync('.', path.join(tree, 'a', 'loop'));
		symlinkSync('ping', path.join(tree, 'pong'));
		symlinkSync('pong', path.join(tree, 'ping'));
		symlinkSync('/', path.join(tree, 'root-link'));
	});

	afterAll(() => rmSync(base, { recursive: true, force: true }));
	afterEach(async () => pool?.close());

	it('gives the same allocated and apparent totals as du, hard links once, links never followed', async () => {
		pool = new WalkPool({ workers: 2 });
		const tree = path.join(base, 'tree');
		const [totals] = await pool.measure([tree]);
		expect(totals?.allocatedBytes).toBe(du(['-s', '--block-size=1'], tree));
		expect(totals?.apparentBytes).toBe(du(['-sb'], tree));
		expect(totals).toMatchObject({ symlinks: 4, unreadable: 0, vanished: 0 });
		// 80 regular files plus the sparse one; the extra hard link is not a second file.
		expect(totals?.files).toBe(81);
	});

	it('counts a sparse file by the blocks it uses, not by its length', async () => {
		pool = new WalkPool({ workers: 1 });
		const [totals] = await pool.measure([path.join(base, 'tree', 'sparse')]);
		expect(totals?.apparentBytes).toBe(50 * 1024 * 1024);
		expect(totals?.allocatedBytes).toBeLessThan(64 * 1024);
	});

	it('counts a hard-linked file once across all roots of one pool', async () => {
		pool = new WalkPool();
		const [first, second] = await pool.measure([
			path.join(base, 'tree', 'b', 'f1'),
			path.join(base, 'outside-link'),
		]);
		expect((first?.files ?? 0) + (second?.files ?? 0)).toBe(1);
		expect((first?.apparentBytes ?? 0) + (second?.apparentBytes ?? 0)).toBe(70_000);
	});

	it('reports a root that does not exist as vanished, not as a failure', async () => {
		pool = new WalkPool();
		const [totals] = await pool.measure([path.join(base, 'no-such-folder')]);
		expect(totals).toMatchObject({ vanished: 1, files: 0, allocatedBytes: 0 });
	});

	it('reports progress while it walks', async () => {
		const big = path.join(base, 'big');
		for (let index = 0; index < 10; index += 1) makeFiles(path.join(big, `d${index}`), 1000, 0);
		// Workers report every few thousand entries: two workers share 10,000 so one passes that.
		pool = new WalkPool({ workers: 2 });
		const seen: number[] = [];
		const [totals] = await pool.measure([big], {
			onProgress: (progress) => seen.push(progress.entries),
		});
		expect(totals?.files).toBe(10_000);
		expect(seen.length).toBeGreaterThan(0);
		expect(seen).toEqual([...seen].sort((a, b) => a - b));
	});

	it('stops with E_CANCELLED when its signal is aborted, and can walk again afterwards', async () => {
		pool = new WalkPool();
		const controller = new AbortController();
		controller.abort();
		await expect(pool.measure([base], { signal: controller.signal })).rejects.toMatchObject({
			code: 'E_CANCELLED',
		});
		const running = new AbortController();
		const walk = pool.measure([base], { signal: running.signal });
		running.abort();
		await expect(walk).rejects.toMatchObject({ code: 'E_CANCELLED' });
		const [again] = await pool.measure([path.join(base, 'tree', 'b')]);
		expect(again?.files).toBe(30);
	});

	it('counts files deleted during the walk as vanished and finishes', async () => {
		pool = new WalkPool();
		let vanishedSeen = 0;
		// A real race against rm: repeated until the walk has met files mid-deletion.
		for (let round = 0; round < 20 && vanishedSeen === 0; round += 1) {
			const doomed = path.join(base, `doomed-${round}`);
			for (let index = 0; index < 40; index += 1) makeFiles(path.join(doomed, `d${index}`), 500, 0);
			const remover = spawn('rm', ['-rf', doomed], { stdio: 'ignore' });
			await new Promise((resolve) => setTimeout(resolve, round * 5));
			const [totals] = await pool.measure([doomed]);
			await new Promise((resolve) => remover.once('exit', resolve));
			expect((totals?.files ?? 0) + (totals?.vanished ?? 0)).toBeLessThanOrEqual(20_041);
			expect(totals?.unreadable).toBe(0);
			vanishedSeen += totals?.vanished ?? 0;
		}
		expect(vanishedSeen).toBeGreaterThan(0);
	});
});
