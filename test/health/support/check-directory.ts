import { checkLocks, type LockCheckResult } from '../../../native-host/health/check-locks.ts';
import { resolveLockRoots } from '../../../native-host/health/lock-roots.ts';
import type { LockReport } from '../../../shared/commands/lock-health.ts';

export interface CheckedLocks {
	result: LockCheckResult;
	reports: LockReport[];
	// The report of the lock at this path; fails the test when there is none.
	at(lockPath: string): LockReport;
}

export async function checkDirectory(...dirs: string[]): Promise<CheckedLocks> {
	const reports: LockReport[] = [];
	const result = await checkLocks(await resolveLockRoots(dirs, 'argument'), {
		onReport: (report) => reports.push(report),
	});
	return {
		result,
		reports,
		at(lockPath) {
			const found = reports.find((report) => report.path === lockPath);
			if (!found) {
				const seen = reports.map((report) => report.path).join(', ');
				throw new Error(`no report for ${lockPath}; found: ${seen}`);
			}
			return found;
		},
	};
}
