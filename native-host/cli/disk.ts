import { parseArgs } from 'node:util';
import { SafeDiskError } from '../../shared/errors.ts';
import { readDiskStatus } from '../commands/disk-status.ts';
import { type CliCommand, EXIT_OK, EXIT_PROBLEM } from './cli-command.ts';
import { describeFilesystem } from './disk-report.ts';

export const diskCommand: CliCommand = {
	name: 'disk',
	summary: 'Show free space, free inodes and writability of the filesystem under a path',
	usage: 'safedisk disk [PATH...] [--json]',
	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			options: { json: { type: 'boolean' } },
			allowPositionals: true,
		});
		if (positionals.some((target) => target.trim() === ''))
			throw new SafeDiskError('E_USAGE', 'A path may not be empty.');
		const paths = positionals.length > 0 ? positionals : ['~'];
		let problem = false;
		const statuses = [];
		for (const target of paths) {
			const status = await readDiskStatus(target, process.cwd());
			statuses.push(status);
			if (status.condition !== 'ok') problem = true;
		}
		// One path: its status; several: a list, in the order given.
		if (values.json)
			io.stdout.write(
				`${JSON.stringify(statuses.length === 1 ? statuses[0] : statuses, null, 2)}\n`,
			);
		else
			for (const status of statuses) io.stdout.write(`${describeFilesystem(status).join('\n')}\n`);
		return problem ? EXIT_PROBLEM : EXIT_OK;
	},
};
