import { checkLocks } from '../health/check-locks.ts';
import { defaultLockRoots } from '../health/default-lock-dirs.ts';
import { resolveLockRoots } from '../health/lock-roots.ts';
import { ReportPager } from '../health/report-pages.ts';
import { summarise } from '../health/summary.ts';
import type { HostCommandHandler } from './host-command.ts';

// Streams the lock reports in pages well under the 1 MB message limit, then replies with a
// bounded summary. Without dirs it checks the default set of known lock locations.
export const lockHealth: HostCommandHandler<'lock-health'> = async ({ dirs }, { signal, emit }) => {
	const { roots, problems } =
		dirs === undefined
			? await defaultLockRoots()
			: { roots: await resolveLockRoots(dirs, 'argument'), problems: [] };
	const pager = new ReportPager((page) => emit({ kind: 'locks', page }));
	const result = await checkLocks(roots, {
		signal,
		problems,
		onReport: (report) => pager.add(report),
	});
	pager.flush();
	return summarise(result);
};
