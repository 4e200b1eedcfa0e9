// Compares SafeDisk's lock with proper-lockfile on the same filesystem in the same run, and
// prints ratios against the goals. Run with `npm run bench:lock`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyseCriticalLog, readCriticalLog } from '../../test/support/critical-log.ts';
import { startWorker } from './bench-process.ts';
import { sharedNow } from './critical-append.ts';
import {
	acquirePeer,
	type HeartbeatFault,
	type Library,
	PROPER_LOCKFILE_RETRIES,
} from './peers.ts';

const root = mkdtempSync(path.join(tmpdir(), 'safedisk-bench-'));
let cases = 0;

function resource(base = root): string {
	cases += 1;
	const folder = mkdtempSync(path.join(base, `case-${cases}-`));
	const file = path.join(folder, 'resource');
	writeFileSync(file, ''); // proper-lockfile resolves the real path of an existing file
	return file;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function uncontendedMicros(library: Library, base: string, realpath = true): Promise<number> {
	const target = resource(base);
	const cycle = async (): Promise<void> => {
		const lock = await acquirePeer(library, { resource: target, wait: false, realpath });
		await lock.release();
	};
	for (let warm = 0; warm < 100; warm += 1) await cycle();
	const cycles = 400;
	const started = performance.now();
	for (let index = 0; index < cycles; index += 1) await cycle();
	return ((performance.now() - started) * 1000) / cycles;
}

interface Uncontended {
	// Median time per cycle of each contestant.
	micros: Record<string, number>;
	// Median of the per-round ratios SafeDisk / peer: each ratio compares runs made seconds apart,
	// so a busy moment on the machine weighs on both sides of it.
	ratios: Record<string, number>;
}

const PEERS = ['proper-lockfile', 'proper-lockfile (realpath: false)'] as const;

async function uncontended(base: string): Promise<Uncontended> {
	const samples: Record<string, number[]> = { safedisk: [], [PEERS[0]]: [], [PEERS[1]]: [] };
	const ratios: Record<string, number[]> = { [PEERS[0]]: [], [PEERS[1]]: [] };
	for (let round = 0; round < 11; round += 1) {
		const ours = await uncontendedMicros('safedisk', base);
		const peers = [
			await uncontendedMicros('proper-lockfile', base),
			await uncontendedMicros('proper-lockfile', base, false),
		];
		samples.safedisk?.push(ours);
		PEERS.forEach((peer, index) => {
			samples[peer]?.push(peers[index] ?? Number.NaN);
			ratios[peer]?.push(ours / (peers[index] ?? Number.NaN));
		});
	}
	const medians = (table: Record<string, number[]>) =>
		Object.fromEntries(Object.entries(table).map(([name, values]) => [name, median(values)]));
	return { micros: medians(samples), ratios: medians(ratios) };
}

// The waiter is already waiting (SafeDisk: watching; proper-lockfile: between retries) when the
// holder releases at a random moment; the time from release to the waiter's entry counts.
async function handOffMs(library: Library, trials: number): Promise<number> {
	const latencies: number[] = [];
	for (let trial = 0; trial < trials; trial += 1) {
		const target = resource();
		const lock = await acquirePeer(library, { resource: target, wait: false });
		const waiter = startWorker({ role: 'wait', library, resource: target });
		await waiter.next('waiting');
		await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 1000));
		const releasedAt = sharedNow();
		await lock.release();
		const acquired = await waiter.next('acquired');
		latencies.push(Number(acquired.at) - releasedAt);
		await waiter.exited;
	}
	return median(latencies);
}

async function takeoverMs(library: Library, trials: number): Promise<number> {
	const times: number[] = [];
	for (let trial = 0; trial < trials; trial += 1) {
		const target = resource();
		const holder = startWorker({ role: 'hold', library, resource: target });
		await holder.next('acquired');
		const waiter = startWorker({ role: 'wait', library, resource: target });
		await waiter.next('waiting');
		await new Promise((resolve) => setTimeout(resolve, 300));
		const killedAt = sharedNow();
		holder.child.kill('SIGKILL');
		const acquired = await waiter.next('acquired');
		times.push(Number(acquired.at) - killedAt);
		await waiter.exited;
	}
	return median(times);
}

// The holder's heartbeat fails (EIO, calls that never answer, or its lock directory deleted by
// someone); it stops when its library tells it to. A contender tries every 100 ms throughout.
// Counts the runs in which both were inside at once.
type CorrectnessFault = HeartbeatFault | 'deleted';

async function overlapRuns(
	library: Library,
	fault: CorrectnessFault,
	runs: number,
): Promise<number> {
	let overlapping = 0;
	for (let run = 0; run < runs; run += 1) {
		const target = resource();
		const log = `${target}.critical.jsonl`;
		writeFileSync(log, '');
		const heartbeat = fault === 'deleted' ? {} : { fault };
		const holder = startWorker({
			role: 'hold',
			library,
			resource: target,
			log,
			holdMs: 25_000,
			...heartbeat,
		});
		await holder.next('acquired');
		const contender = startWorker({ role: 'poll', library, resource: target, log, runMs: 30_000 });
		if (fault === 'deleted') {
			await new Promise((resolve) => setTimeout(resolve, 300));
			rmSync(`${target}.lock`, { recursive: true, force: true });
		}
		await Promise.all([holder.exited, contender.exited]);
		if (analyseCriticalLog(readCriticalLog(log)).overlaps.length > 0) overlapping += 1;
	}
	return overlapping;
}

function row(label: string, ours: string, theirs: string, ratio: string, goal: string): string {
	return `| ${label} | ${ours} | ${theirs} | ${ratio} | ${goal} |`;
}

async function main(): Promise<void> {
	const lines = [
		`proper-lockfile waits with retries: ${PROPER_LOCKFILE_RETRIES} (first retry after 1 s, doubling); stale 10 s (its default)`,
		`SafeDisk uses its defaults; both on ${root} (same filesystem, same run)`,
		'',
		row('measure', 'SafeDisk', 'proper-lockfile', 'ratio', 'goal'),
		row('---', '---', '---', '---', '---'),
	];
	const bases: Array<[string, string]> = [[root, 'disk']];
	const shm = '/dev/shm';
	try {
		bases.push([mkdtempSync(path.join(shm, 'safedisk-bench-')), 'tmpfs']);
	} catch {
		// No tmpfs at /dev/shm: the disk row stands alone.
	}
	for (const [base, name] of bases) {
		const figures = await uncontended(base);
		const ours = figures.micros.safedisk ?? Number.NaN;
		for (const peer of PEERS) {
			const theirs = figures.micros[peer] ?? Number.NaN;
			const ratio = figures.ratios[peer] ?? Number.NaN;
			const goal = peer === PEERS[0] && name === 'disk' ? 'at most 1.2x' : 'for reference';
			lines.push(
				row(
					`uncontended acquire+release, ${name}, vs ${peer}`,
					`${ours.toFixed(0)} us`,
					`${theirs.toFixed(0)} us`,
					`${ratio.toFixed(2)}x the time`,
					goal,
				),
			);
		}
		if (base !== root) rmSync(base, { recursive: true, force: true });
	}
	const handOff = {
		safedisk: await handOffMs('safedisk', 7),
		peer: await handOffMs('proper-lockfile', 7),
	};
	lines.push(
		row(
			'hand-off to a waiting process (median)',
			`${handOff.safedisk.toFixed(1)} ms`,
			`${handOff.peer.toFixed(0)} ms`,
			`${(handOff.peer / handOff.safedisk).toFixed(0)}x faster`,
			'at least 20x faster',
		),
	);
	const takeover = {
		safedisk: await takeoverMs('safedisk', 3),
		peer: await takeoverMs('proper-lockfile', 2),
	};
	lines.push(
		row(
			'takeover of a SIGKILLed holder (median)',
			`${(takeover.safedisk / 1000).toFixed(2)} s`,
			`${(takeover.peer / 1000).toFixed(2)} s`,
			`${(takeover.peer / takeover.safedisk).toFixed(1)}x faster`,
			'SafeDisk within 3 s',
		),
	);
	const runs = 2;
	const faults: Array<[CorrectnessFault, string]> = [
		['eio', 'heartbeat calls fail with EIO'],
		['hang', 'heartbeat calls never answer'],
		['deleted', 'lock directory deleted under the holder'],
	];
	for (const [fault, label] of faults) {
		const ours = await overlapRuns('safedisk', fault, runs);
		const theirs = await overlapRuns('proper-lockfile', fault, runs);
		lines.push(
			row(
				`runs with two holders inside: ${label}`,
				`${ours} of ${runs}`,
				`${theirs} of ${runs}`,
				'-',
				'SafeDisk 0',
			),
		);
	}
	process.stdout.write(`${lines.join('\n')}\n`);
}

main()
	.finally(() => rmSync(root, { recursive: true, force: true }))
	.catch((error: unknown) => {
		process.stderr.write(`${String(error)}\n`);
		process.exitCode = 1;
	});
