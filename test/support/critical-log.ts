import { readFileSync } from 'node:fs';

// One line of a critical-section log. Processes append these with O_APPEND, one write per line,
// so the file order is the order in which the writes happened: the log needs no shared clock.
// A holder writes "enter" after acquiring and "exit" before releasing; a supervisor writes "kill"
// before it sends SIGKILL.
export interface CriticalEntry {
	e: 'enter' | 'exit' | 'kill';
	who: string;
	pid: number;
	fence?: number;
	// The pid whose dead lock this holder took over, if it did.
	tookOverFrom?: number | null;
	// Milliseconds on CLOCK_MONOTONIC (process.hrtime), the one clock all processes share; for
	// reading a log only, the analysis goes by line order.
	t?: number;
}

export interface CriticalAnalysis {
	enters: number;
	exits: number;
	overlaps: Array<{ line: number; entering: string; inside: string[] }>;
	fenceRegressions: Array<{ line: number; previous: number; fence: number }>;
	takeoversOfKilled: number;
}

export function readCriticalLog(file: string): CriticalEntry[] {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	return text
		.split('\n')
		.filter((line) => line.length > 0)
		.map((line) => JSON.parse(line) as CriticalEntry);
}

// Replays the log. A holder that was killed while inside stops being inside only when a
// successor proves it dead by taking over from exactly its pid; any other entry while someone is
// inside is an overlap. Fencing numbers must grow strictly in the order of entry.
export function analyseCriticalLog(entries: readonly CriticalEntry[]): CriticalAnalysis {
	const inside = new Map<string, CriticalEntry>();
	const killed = new Set<string>();
	const analysis: CriticalAnalysis = {
		enters: 0,
		exits: 0,
		overlaps: [],
		fenceRegressions: [],
		takeoversOfKilled: 0,
	};
	let lastFence = Number.NEGATIVE_INFINITY;
	entries.forEach((entry, line) => {
		if (entry.e === 'kill') {
			killed.add(entry.who);
		} else if (entry.e === 'exit') {
			analysis.exits += 1;
			inside.delete(entry.who);
		} else {
			analysis.enters += 1;
			for (const [who, insider] of inside) {
				if (killed.has(who) && entry.tookOverFrom === insider.pid) {
					inside.delete(who);
					analysis.takeoversOfKilled += 1;
				}
			}
			if (inside.size > 0)
				analysis.overlaps.push({ line, entering: entry.who, inside: [...inside.keys()] });
			if (entry.fence !== undefined) {
				if (entry.fence <= lastFence)
					analysis.fenceRegressions.push({ line, previous: lastFence, fence: entry.fence });
				lastFence = entry.fence;
			}
			inside.set(entry.who, entry);
		}
	});
	return analysis;
}
