// Judging 10,000 locks in one directory, against a plain stat of the same entries, measured in
// the same run. Goal: at most 1 s. Usage: npm run bench:health [-- LOCKS]
import { spawn, spawnSync } from 'node:child_process';
import {
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { checkLocks } from '../../native-host/health/check-locks.ts';
import { resolveLockRoots } from '../../native-host/health/lock-roots.ts';
import { ReportPager } from '../../native-host/health/report-pages.ts';

const LOCKS = Number(process.argv[2] ?? 10_000);
const GOAL_MS = 1000;
const RUNS = 5;

// A quarter each: proper-lockfile directories, owner record plus heartbeat directories, pid
// files and empty exclusive-create files; half of each aged an hour, owners half alive.
function makeLocks(dir: string, livePid: number, deadPid: number): void {
	const past = new Date(Date.now() - 3_600_000);
	for (let index = 0; index < LOCKS; index += 1) {
		const aged = index % 2 === 0;
		const pid = index % 4 < 2 ? livePid : deadPid;
		let target: string;
		switch (index % 4) {
			case 0:
				target = path.join(dir, `resource-${index}.lock`);
				mkdirSync(target);
				break;
			case 1:
				target = path.join(dir, `agent-${index}.lock`);
				mkdirSync(target);
				writeFileSync(
					path.join(target, 'lock.json'),
					JSON.stringify({
						token: `t${index}`,
						pid,
						hostname: hostname(),
						createdAt: new Date().toISOString(),
					}),
				);
				target = path.join(target, 'heartbeat');
				writeFileSync(target, '');
				break;
			case 2:
				target = path.join(dir, `worker-${index}.pid`);
				writeFileSync(target, `${pid}\n`);
				break;
			default:
				target = path.join(dir, `job-${index}.lock`);
				writeFileSync(target, '');
		}
		if (aged) utimesSync(target, past, past);
	}
}

async function time(run: () => Promise<unknown> | unknown): Promise<number> {
	const start = performance.now();
	await run();
	return performance.now() - start;
}

async function median(run: () => Promise<unknown> | unknown): Promise<number> {
	await run();
	const times: number[] = [];
	for (let index = 0; index < RUNS; index += 1) times.push(await time(run));
	times.sort((a, b) => a - b);
	return times[Math.floor(RUNS / 2)] ?? Number.NaN;
}

async function statAllAsync(dir: string): Promise<void> {
	const names = await readdir(dir);
	for (let start = 0; start < names.length; start += 64)
		await Promise.all(names.slice(start, start + 64).map((name) => lstat(path.join(dir, name))));
}

function statAllSync(dir: string): void {
	for (const name of readdirSync(dir)) lstatSync(path.join(dir, name));
}

const dir = mkdtempSync(path.join(tmpdir(), 'safedisk-bench-locks-'));
const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
const dead = spawnSync('true').pid ?? 0;
try {
	makeLocks(dir, sleeper.pid ?? 0, dead);
	const roots = await resolveLockRoots([dir], 'argument');
	let pages = 0;
	let largest = 0;
	let judged = 0;
	const checkMs = await median(async () => {
		const pager = new ReportPager(() => undefined);
		const result = await checkLocks(roots, { onReport: (report) => pager.add(report) });
		pager.flush();
		pages = pager.pages;
		largest = pager.largestPageBytes;
		judged = result.total;
	});
	const asyncStatMs = await median(() => statAllAsync(dir));
	const syncStatMs = await median(() => statAllSync(dir));
	const coreutilsMs = await median(() =>
		spawnSync('sh', [
			'-c',
			`find "${dir}" -mindepth 1 -maxdepth 1 -print0 | xargs -0 stat > /dev/null`,
		]),
	);
	const row = (label: string, ms: number) =>
		`${label.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms   check/this = ${(checkMs / ms).toFixed(1)}x`;
	console.log(`${judged} locks judged in one directory (median of ${RUNS} runs after one warm-up)`);
	console.log(row('safedisk lock check (judge every lock)', checkMs));
	console.log(row('readdir + lstat, 64 at a time (Node)', asyncStatMs));
	console.log(row('readdir + lstatSync (Node)', syncStatMs));
	console.log(row('find | xargs stat (coreutils)', coreutilsMs));
	console.log(
		`${pages} pages streamed, largest ${(largest / 1024).toFixed(0)} KiB (limit 1024 KiB)`,
	);
	const met = checkMs <= GOAL_MS;
	console.log(`goal: at most ${GOAL_MS} ms for ${LOCKS} locks: ${met ? 'met' : 'MISSED'}`);
	process.exitCode = met ? 0 : 1;
} finally {
	sleeper.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
}
