import { appendFileSync } from 'node:fs';
import type { CriticalEntry } from '../../test/support/critical-log.ts';

// Appends one critical-section line (format and analysis: test/support/critical-log.ts).
export function appendCritical(file: string, entry: Omit<CriticalEntry, 'pid' | 't'>): void {
	const line = { ...entry, pid: process.pid, t: performance.timeOrigin + performance.now() };
	appendFileSync(file, `${JSON.stringify(line)}\n`);
}

export function wallNow(): number {
	return performance.timeOrigin + performance.now();
}
