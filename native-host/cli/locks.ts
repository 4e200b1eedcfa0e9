import { parseArgs } from 'node:util';
import type { LockReport } from '../../shared/commands/lock-health.ts';
import { checkLocks } from '../health/check-locks.ts';
import { defaultLockRoots } from '../health/default-lock-dirs.ts';
import { resolveLockRoots } from '../health/lock-roots.ts';
import { renderLockReport } from '../health/lock-table.ts';
import { type CliCommand, EXIT_OK, EXIT_PROBLEM } from './cli-command.ts';
import { paletteFor } from './terminal-text.ts';

// `safedisk locks`: which locks there are, who holds them, whether each is safe, and whether the
// filesystem under them explains a silent heartbeat.
export const locksCommand: CliCommand = {
	name: 'locks',
	summary: 'Find the locks in directories and judge each: holder, heartbeat, verdict, disk',
	usage: 'safedisk locks [DIR...] [--json] [--verbose]',
	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			options: { json: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' } },
			allowPositionals: true,
		});
		const { roots, problems } =
			positionals.length > 0
				? { roots: await resolveLockRoots(positionals, 'argument', process.cwd()), problems: [] }
				: await defaultLockRoots();
		const reports: LockReport[] = [];
		const result = await checkLocks(roots, {
			problems,
			onReport: (report) => reports.push(report),
		});
		if (values.json) {
			const { checkedAt, total, counts, directories, problems: found } = result;
			const document = { checkedAt, total, counts, problems: found, directories, locks: reports };
			io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
		} else {
			const palette = paletteFor(io.stdout.isTTY, io.env);
			io.stdout.write(
				`${renderLockReport(result, reports, palette, values.verbose === true).join('\n')}\n`,
			);
		}
		return result.problems.length > 0 ? EXIT_PROBLEM : EXIT_OK;
	},
};
