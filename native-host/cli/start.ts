import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SafeDiskError } from '../../shared/errors.ts';
import { readDiskStatus } from '../commands/disk-status.ts';
import { summarizeDefaultLocks } from '../health/summary.ts';
import { type CliCommand, EXIT_OK } from './cli-command.ts';
import { describeFilesystem } from './disk-report.ts';
import { registerHost } from './install.ts';
import { scanCommand } from './scan.ts';

// `npm start`: register the host, then show what fills the disk and what to do next.
export const startCommand: CliCommand = {
	name: 'start',
	summary: 'Register the native host, then show disk status, top culprits and lock health',
	usage: 'safedisk start',
	async run(args, io) {
		parseArgs({ args, options: {} });
		const out = (line = '') => io.stdout.write(`${line}\n`);
		try {
			const plan = await registerHost();
			out(`Native host registered for: ${plan.targets.map((target) => target.label).join(', ')}`);
		} catch (error) {
			if (!(error instanceof SafeDiskError) || error.code !== 'E_BROWSER_NOT_FOUND') throw error;
			out(`Native host not registered: ${error.message}`);
		}
		out();
		out('Disk status of your home folder:');
		for (const line of describeFilesystem(await readDiskStatus('~'))) out(line);
		out();
		out('Biggest browser storage culprits:');
		await scanCommand.run(['--top', '5'], io);
		out();
		for (const line of await summarizeDefaultLocks()) out(line);
		out();
		const dist = fileURLToPath(new URL('../../../dist', import.meta.url));
		out('Next: open chrome://extensions (or edge://extensions), turn on Developer mode,');
		out(`choose "Load unpacked" and pick ${dist}. Then click the SafeDisk toolbar icon.`);
		return EXIT_OK;
	},
};
