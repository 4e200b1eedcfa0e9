import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
	analyseCriticalLog,
	type CriticalAnalysis,
	readCriticalLog,
} from '../support/critical-log.ts';
import { type FixtureProcess, type JsonLine, startFixture } from '../support/fixture-process.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const HOLDER = path.join(fixtures, 'holder.mjs');
export const CONTENDER = path.join(fixtures, 'contender.mjs');

// A folder for critical-section logs on the machine's own disk, never on a lock's tmpfs, so a
// full or read-only lock filesystem cannot hide an overlap. Readable and writable by uid 65534.
export function logFolder(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'safedisk-lock-log-'));
	chmodSync(folder, 0o777);
	return folder;
}

// For one test file: a log folder for its runs, and the fixture processes to kill after each
// test, so a failed assertion never leaves a holder or contender running.
export function useContentionRun(): { logs(): string; track(process: FixtureProcess): void } {
	let logs = '';
	let running: FixtureProcess[] = [];
	beforeAll(() => {
		logs = logFolder();
	});
	afterEach(() => {
		for (const process of running) process.kill('SIGKILL');
		running = [];
	});
	afterAll(() => {
		rmSync(logs, { recursive: true, force: true });
	});
	return {
		logs: () => logs,
		track: (process) => {
			running.push(process);
		},
	};
}

export function newLogFile(folder: string, name: string): string {
	const file = path.join(folder, `${name}.jsonl`);
	writeFileSync(file, '');
	chmodSync(file, 0o666);
	return file;
}

export interface HolderConfig {
	resource: string;
	log: string;
	holdMs: number;
	lingerMs?: number;
	// Blocks the holder's event loop this long, again and again, while it is inside.
	blockMs?: number;
	fault?: { errno: string; methods: string[]; afterMs?: number };
	policy?: 'abort' | 'release' | 'keep';
	timings?: Record<string, number>;
}

export function startHolder(config: HolderConfig, uid?: number): FixtureProcess {
	const env = { SAFEDISK_FIXTURE: JSON.stringify({ who: 'holder', ...config }) };
	return startFixture(HOLDER, uid === undefined ? { env } : { env, uid });
}

export function startContender(config: {
	resource: string;
	log: string;
	runMs: number;
	waitMs?: number;
	holdMs?: number;
	who?: string;
}): FixtureProcess {
	return startFixture(CONTENDER, {
		env: { SAFEDISK_FIXTURE: JSON.stringify({ who: 'contender', ...config }) },
	});
}

export const isEvent =
	(event: string) =>
	(message: JsonLine): boolean =>
		message.event === event;

export function failureWarnings(process: FixtureProcess): JsonLine[] {
	return process.logEntries.filter((entry) => entry.event === 'lock.heartbeat-failed');
}

export async function finish(...processes: FixtureProcess[]): Promise<void> {
	await Promise.all(processes.map((process) => process.exited));
}

export function analyse(log: string): CriticalAnalysis {
	return analyseCriticalLog(readCriticalLog(log));
}
