// The lock soak: 8 processes share one lock until each has entered at least 1,000 times, while
// some stays run with a faulty heartbeat and a supervisor stops (SIGSTOP for up to 2.5 stale
// thresholds) and kills (SIGKILL) processes at random. Afterwards the log must show no two
// processes inside at once, and fencing numbers strictly increasing in the order of entry.
// Run with `npm run soak` (outside the default test run: it takes minutes).
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseCriticalLog, readCriticalLog } from '../../test/support/critical-log.ts';
import { appendCritical } from './critical-append.ts';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'soak-worker.js');
const PROCESSES = 8;
const ACQUISITIONS = 1000;

const folder = mkdtempSync(path.join(tmpdir(), 'safedisk-soak-'));
const resource = path.join(folder, 'shared-resource');
const log = path.join(folder, 'critical.jsonl');
writeFileSync(log, '');

interface Slot {
	index: number;
	generation: number;
	child: ChildProcess | null;
	stopped: boolean;
	done: boolean;
	stats: Record<string, number>;
}

const slots: Slot[] = Array.from({ length: PROCESSES }, (_, index) => ({
	index,
	generation: 0,
	child: null,
	stopped: false,
	done: false,
	stats: { faulted: 0, aborted: 0, releaseFailed: 0 },
}));
const chaos = { kills: 0, pauses: 0, pausedMs: 0 };
const between = (low: number, high: number): number => low + Math.random() * (high - low);
const whoOf = (slot: Slot): string => `w${slot.index}.${slot.generation}`;

function enteredBy(slot: Slot): number {
	const prefix = `w${slot.index}.`;
	return readCriticalLog(log).filter((entry) => entry.e === 'enter' && entry.who.startsWith(prefix))
		.length;
}

function launch(slot: Slot): void {
	slot.generation += 1;
	const remaining = ACQUISITIONS - enteredBy(slot);
	const role = { resource, log, who: whoOf(slot), remaining };
	const child = fork(WORKER, [JSON.stringify(role)], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	slot.child = child;
	let last: Record<string, number> = {};
	child.on('message', (message: Record<string, unknown>) => {
		if (message.event === 'failed')
			process.stderr.write(`worker ${role.who} failed: ${String(message.error)}\n`);
		if (message.event === 'progress' || message.event === 'done')
			last = message as Record<string, number>;
		if (message.event === 'done') slot.done = true;
	});
	child.on('exit', () => {
		for (const key of ['faulted', 'aborted', 'releaseFailed']) {
			slot.stats[key] = (slot.stats[key] ?? 0) + (last[key] ?? 0);
		}
		if (slot.child === child) slot.child = null;
		if (!slot.done) launch(slot);
	});
}

// The process inside right now, read from the log: the last "enter" with no "exit" after it.
function holderNow(): string | null {
	const entries = readCriticalLog(log);
	for (let index = entries.length - 1; index >= 0; index -= 1) {
		const entry = entries[index];
		if (entry?.e === 'exit') return null;
		if (entry?.e === 'enter') return entry.who;
	}
	return null;
}

// Every 1.5 to 4 s: SIGKILL a process (logged before the signal), or stop one for 0.5 to 5 s.
// Half of the time the victim is the process inside, so that takeovers and paused holders occur.
async function makeChaos(): Promise<void> {
	while (slots.some((slot) => !slot.done)) {
		await new Promise((resolve) => setTimeout(resolve, between(1500, 4000)));
		const candidates = slots.filter((slot) => slot.child !== null && !slot.done && !slot.stopped);
		const inside = holderNow();
		const holder = candidates.find((slot) => whoOf(slot) === inside);
		const slot =
			holder && Math.random() < 0.5
				? holder
				: candidates[Math.floor(Math.random() * candidates.length)];
		const child = slot?.child;
		if (!slot || !child?.pid) continue;
		if (Math.random() < 0.5) {
			appendCritical(log, { e: 'kill', who: whoOf(slot) });
			child.kill('SIGKILL');
			chaos.kills += 1;
		} else {
			const pause = between(500, 5000);
			slot.stopped = true;
			child.kill('SIGSTOP');
			chaos.pauses += 1;
			chaos.pausedMs += pause;
			await new Promise((resolve) => setTimeout(resolve, pause));
			child.kill('SIGCONT');
			slot.stopped = false;
		}
	}
}

async function main(): Promise<void> {
	const started = performance.now();
	for (const slot of slots) launch(slot);
	await makeChaos();
	while (slots.some((slot) => slot.child !== null))
		await new Promise((resolve) => setTimeout(resolve, 100));
	const entries = readCriticalLog(log);
	const analysis = analyseCriticalLog(entries);
	const perSlot = slots.map(enteredBy);
	const sum = (key: string): number =>
		slots.reduce((total, slot) => total + (slot.stats[key] ?? 0), 0);
	const leftovers = readdirSync(folder).filter(
		(name) => name !== 'critical.jsonl' && !name.endsWith('.fence'),
	);
	const figures = {
		processes: PROCESSES,
		acquisitionsPerProcess: { min: Math.min(...perSlot), max: Math.max(...perSlot) },
		acquisitionsTotal: analysis.enters,
		overlaps: analysis.overlaps.length,
		fenceRegressions: analysis.fenceRegressions.length,
		kills: chaos.kills,
		takeoversOfKilledHolders: analysis.takeoversOfKilled,
		pauses: chaos.pauses,
		pausedSeconds: Math.round(chaos.pausedMs / 1000),
		staysWithFaultyHeartbeat: sum('faulted'),
		staysAbortedBySignal: sum('aborted'),
		releasesFailed: sum('releaseFailed'),
		leftoverEntries: leftovers,
		seconds: Math.round((performance.now() - started) / 1000),
	};
	process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
	const passed =
		figures.overlaps === 0 &&
		figures.fenceRegressions === 0 &&
		Math.min(...perSlot) >= ACQUISITIONS;
	if (!passed) {
		process.stdout.write(`SOAK FAILED; log kept at ${log}\n`);
		process.stdout.write(
			`${JSON.stringify({ overlaps: analysis.overlaps.slice(0, 5), regressions: analysis.fenceRegressions.slice(0, 5) })}\n`,
		);
		process.exitCode = 1;
		return;
	}
	process.stdout.write('soak passed: no overlap, fencing numbers strictly increasing\n');
	rmSync(folder, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	process.stderr.write(`${String(error)}\n`);
	process.exitCode = 1;
});
