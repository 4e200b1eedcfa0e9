import type { LockHealthSummary } from '../../shared/commands/lock-health.ts';
import { LOCK_VERDICTS } from '../../shared/lock-health.ts';
import { escapeForTerminal } from '../cli/terminal-text.ts';
import type { LockCheckResult } from './check-locks.ts';
import { checkLocks } from './check-locks.ts';
import { defaultLockRoots } from './default-lock-dirs.ts';
import { HEALTH_DEFAULTS } from './defaults.ts';

// The bounded reply of the lock-health command: counts, the first problems and the first
// directories, whatever the number of locks.
export function summarise(result: LockCheckResult): LockHealthSummary {
	const shown = result.directories.slice(0, HEALTH_DEFAULTS.summaryMaxDirectories);
	return {
		checkedAt: result.checkedAt,
		total: result.total,
		counts: result.counts,
		problemCount: result.problems.length,
		problems: result.problems.slice(0, HEALTH_DEFAULTS.summaryMaxProblems).map((problem) => ({
			...problem,
			message: problem.message.slice(0, 1024),
		})),
		directories: shown.map((directory) => ({
			...directory,
			errors: directory.errors.slice(0, 16),
		})),
		directoriesOmitted: result.directories.length - shown.length,
	};
}

// A few lines on the locks of the default set, for `npm start`.
export async function summarizeDefaultLocks(): Promise<string[]> {
	const { roots, problems } = await defaultLockRoots();
	const result = await checkLocks(roots, { problems });
	const counted = LOCK_VERDICTS.filter((verdict) => result.counts[verdict] > 0)
		.map((verdict) => `${result.counts[verdict]} ${verdict}`)
		.join(', ');
	const lines = [
		`Locks: ${result.total} found in ${roots.length} known lock folder${roots.length === 1 ? '' : 's'}${counted ? ` (${counted})` : ''}.`,
	];
	if (result.problems.length === 0) return [...lines, 'No lock problems.'];
	lines.push(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:`);
	for (const problem of result.problems.slice(0, 5)) {
		const what = problem.verdict ? `${problem.verdict} (${problem.reason})` : problem.reason;
		lines.push(`  ${escapeForTerminal(problem.path)}: ${what}`);
	}
	if (result.problems.length > 5) lines.push('  ...');
	lines.push('Run "safedisk locks" for the details.');
	return lines;
}
