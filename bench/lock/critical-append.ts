import { appendFileSync } from 'node:fs';
import type { CriticalEntry } from '../../test/support/critical-log.ts';

// Milliseconds on CLOCK_MONOTONIC, one clock for every process of the machine. Times compared
// across processes must come from here: performance.timeOrigin differs between processes by
// several milliseconds, which would invent overlaps and hide short real ones.
export function sharedNow(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

// Appends one critical-section line (format and analysis: test/support/critical-log.ts).
export function appendCritical(file: string, entry: Omit<CriticalEntry, 'pid' | 't'>): void {
	const line = { ...entry, pid: process.pid, t: sharedNow() };
	appendFileSync(file, `${JSON.stringify(line)}\n`);
}
