import { parseArgs } from 'node:util';
import { currentPlatformEnvironment } from '../browsers/catalog.ts';
import { uninstall } from '../install/uninstall.ts';
import { type CliCommand, EXIT_OK, EXIT_PROBLEM } from './cli-command.ts';

export const uninstallCommand: CliCommand = {
	name: 'uninstall',
	summary: 'Remove the native host registrations that install wrote',
	usage: 'safedisk uninstall',
	async run(args, io) {
		parseArgs({ args, options: {} });
		const { removed, kept, failed } = await uninstall(currentPlatformEnvironment());
		if (removed.length === 0 && kept.length === 0 && failed.length === 0)
			io.stdout.write('Nothing to remove: the native host is not installed.\n');
		for (const item of removed) io.stdout.write(`Removed ${item}\n`);
		for (const { item, reason } of kept)
			io.stdout.write(`Kept ${item}: ${reason}, so it is no longer SafeDisk's to remove\n`);
		for (const error of failed) {
			io.stderr.write(
				`safedisk uninstall: ${error.message} [${error.code}${error.errno ? ` ${error.errno}` : ''}]\n`,
			);
		}
		return failed.length === 0 ? EXIT_OK : EXIT_PROBLEM;
	},
};
