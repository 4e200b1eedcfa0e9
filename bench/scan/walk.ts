// The scan's folder walker against `du` on the same generated tree, measured in the same run.
// Usage: npm run bench:scan [-- FILES]   (default 200000 files)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WalkPool } from '../../native-host/scan/walk-pool.ts';
import { formatBytes } from '../../shared/format.ts';
import { makeTree } from './make-tree.ts';

const RUNS = 5;
const GOAL_RATIO = 1.5;

function du(args: string[], root: string): { ms: number; value: number } {
	const started = process.hrtime.bigint();
	const result = spawnSync('du', [...args, root], { encoding: 'utf8' });
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) throw new Error(`du ${args.join(' ')} failed: ${result.stderr}`);
	return { ms, value: Number(result.stdout.split('\t')[0]) };
}

async function walk(root: string) {
	const started = process.hrtime.bigint();
	const pool = new WalkPool();
	try {
		const [totals] = await pool.measure([root]);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		if (!totals) throw new Error('no totals');
		return { ms, totals };
	} finally {
		await pool.close();
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<number> {
	if (process.argv[2] === '--make-tree') {
		makeTree(process.argv[3] as string, Number(process.argv[4]));
		return 0;
	}
	const fileCount = Number(process.argv[2] ?? 200_000);
	const base = mkdtempSync(path.join(tmpdir(), 'safedisk-bench-walk-'));
	const root = path.join(base, 'tree');
	try {
		// The tree is made by a child process so that this process's peak memory is the walker's.
		const self = fileURLToPath(import.meta.url);
		const made = spawnSync(process.execPath, [self, '--make-tree', root, String(fileCount)], {
			stdio: 'inherit',
		});
		if (made.status !== 0) throw new Error('making the tree failed');
		du(['-s'], root); // warm the inode cache for both contenders alike

		const duTimes: number[] = [];
		const walkTimes: number[] = [];
		let last: Awaited<ReturnType<typeof walk>> | undefined;
		for (let run = 0; run < RUNS; run += 1) {
			duTimes.push(du(['-s'], root).ms);
			last = await walk(root);
			walkTimes.push(last.ms);
		}
		if (!last) throw new Error('no walk ran');
		const allocated = du(['-s', '--block-size=1'], root).value;
		const apparent = du(['-sb'], root).value;
		const ratio = median(walkTimes) / median(duTimes);
		const sameAllocated = last.totals.allocatedBytes === allocated;
		const sameApparent = last.totals.apparentBytes === apparent;
		const rows = [
			['tree', `${fileCount} files, ${last.totals.directories} folders, ${base}`],
			['du -s (median)', `${median(duTimes).toFixed(0)} ms`],
			['walker (median)', `${median(walkTimes).toFixed(0)} ms`],
			['ratio walker/du', `${ratio.toFixed(2)}x (goal <= ${GOAL_RATIO}x)`],
			[
				'allocated',
				`walker ${last.totals.allocatedBytes} vs du --block-size=1 ${allocated}: ${sameAllocated ? 'same' : 'DIFFERENT'}`,
			],
			[
				'apparent',
				`walker ${last.totals.apparentBytes} vs du -sb ${apparent}: ${sameApparent ? 'same' : 'DIFFERENT'}`,
			],
			['size', formatBytes(allocated)],
			['peak memory', `${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB (maxRSS)`],
		];
		const width = Math.max(...rows.map(([label]) => (label ?? '').length));
		for (const [label, value] of rows)
			process.stdout.write(`${(label ?? '').padEnd(width)}  ${value}\n`);
		return sameAllocated && sameApparent ? 0 : 1;
	} finally {
		rmSync(base, { recursive: true, force: true });
	}
}

process.exitCode = await main();
