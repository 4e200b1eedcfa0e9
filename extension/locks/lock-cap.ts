import type { LockReport } from '../../shared/commands/lock-health.ts';

// How many locks a list renders and keeps. A lock directory can hold tens of thousands of
// locks; the page stays usable only if it neither renders nor holds them all, and the CLI
// lists every one.
export const SHOWN_LOCKS = 200;

// The locks kept from the streamed pages: problems before healthy ones, each part bounded, so
// memory stays at most twice the limit however many locks arrive.
export interface KeptLocks {
	problems: LockReport[];
	healthy: LockReport[];
	seen: number;
}

export function emptyKeptLocks(): KeptLocks {
	return { problems: [], healthy: [], seen: 0 };
}

// Adds one streamed page; the lists are changed in place because pages arrive one at a time.
export function keepLockPage(kept: KeptLocks, page: readonly LockReport[], limit = SHOWN_LOCKS) {
	kept.seen += page.length;
	for (const report of page) {
		const part = report.problem ? kept.problems : kept.healthy;
		if (part.length < limit) part.push(report);
	}
}

// The locks to show, problems first, and how many were left out.
export function shownLocks(
	kept: KeptLocks,
	limit = SHOWN_LOCKS,
): { reports: LockReport[]; notShown: number } {
	const reports = [...kept.problems, ...kept.healthy].slice(0, limit);
	return { reports, notShown: kept.seen - reports.length };
}
