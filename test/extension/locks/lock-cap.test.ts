import { describe, expect, it } from 'vitest';
import {
	emptyKeptLocks,
	keepLockPage,
	SHOWN_LOCKS,
	shownLocks,
} from '../../../extension/locks/lock-cap.ts';
import type { LockReport } from '../../../shared/commands/lock-health.ts';

function lockReport(index: number, problem: boolean): LockReport {
	return {
		path: `/locks/${index}.lock`,
		directory: '/locks',
		kind: 'pid-file',
		entryType: 'file',
		convention: 'pid file',
		holder: null,
		kernelLocks: [],
		heartbeat: {
			path: `/locks/${index}.lock`,
			source: 'file-mtime',
			at: null,
			ageMs: null,
			staleThresholdMs: null,
			future: false,
			stat: null,
		},
		verdict: problem ? 'stale-not-stealable' : 'held-healthy',
		reason: problem ? 'filesystem-full' : 'owner-alive',
		explanation: '',
		takeover: {
			verdict: problem ? 'stale-not-stealable' : 'held-healthy',
			reason: problem ? 'filesystem-full' : 'owner-alive',
			mayTakeOver: false,
		},
		problem,
		notes: [],
		filesystem: null,
	} as LockReport;
}

// 20,000 locks in pages of 500, one in 1,000 a problem, the problems arriving last.
function streamed(total: number, page = 500) {
	const kept = emptyKeptLocks();
	for (let start = 0; start < total; start += page) {
		const reports = [];
		for (let index = start; index < Math.min(total, start + page); index++)
			reports.push(lockReport(index, index % 1000 === 999));
		keepLockPage(kept, reports);
	}
	return kept;
}

describe('capping the locks the options page keeps and shows', () => {
	it('keeps at most twice the shown limit in memory however many locks stream in', () => {
		const kept = streamed(20_000);
		expect(kept.seen).toBe(20_000);
		expect(kept.problems.length + kept.healthy.length).toBeLessThanOrEqual(2 * SHOWN_LOCKS);
	});

	it('shows every problem before any healthy lock and counts the locks not shown', () => {
		const { reports, notShown } = shownLocks(streamed(20_000));
		expect(reports).toHaveLength(SHOWN_LOCKS);
		expect(reports.slice(0, 20).every((report) => report.problem)).toBe(true);
		expect(reports.slice(20).some((report) => report.problem)).toBe(false);
		expect(notShown).toBe(20_000 - SHOWN_LOCKS);
	});

	it('shows all locks and leaves none out when there are fewer than the limit', () => {
		const { reports, notShown } = shownLocks(streamed(150, 40));
		expect(reports).toHaveLength(150);
		expect(notShown).toBe(0);
	});

	it('keeps only the first problems when there are more problems than the limit', () => {
		const kept = emptyKeptLocks();
		keepLockPage(
			kept,
			Array.from({ length: 3 * SHOWN_LOCKS }, (_, index) => lockReport(index, true)),
		);
		const { reports, notShown } = shownLocks(kept);
		expect(reports.map((report) => report.path)[0]).toBe('/locks/0.lock');
		expect(reports).toHaveLength(SHOWN_LOCKS);
		expect(notShown).toBe(2 * SHOWN_LOCKS);
	});
});
