import { parseArgs } from 'node:util';
import { uninstall } from '../install/install.ts';
import { currentPlatformEnvironment } from '../install/state-dir.ts';
import { type CliCommand, EXIT_OK } from './cli-command.ts';

export const uninstallCommand: CliCommand = {
	name: 'uninstall',
	summary: 'Remove the native host registrations that install wrote',
	usage: 'safedisk uninstall',
	async run(args, io) {
		parseArgs({ args, options: {} });
		const removed = await uninstall(currentPlatformEnvironment());
		if (removed.length === 0)
			io.stdout.write('Nothing to remove: the native host is not installed.\n');
		for (const item of removed) io.stdout.write(`Removed ${item}\n`);
		return EXIT_OK;
	},
};
