import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { currentPlatformEnvironment } from '../browsers/catalog.ts';
import { applyInstall, isBrowserPresent, planInstall } from '../install/install.ts';
import {
	BROWSER_SELECTION_OPTIONS,
	type BrowserSelection,
	browserSelection,
} from './browser-selection.ts';
import { type CliCommand, EXIT_OK } from './cli-command.ts';

// The built entry point that the wrapper starts: build/native-host/main.js.
export function hostEntryPath(): string {
	return fileURLToPath(new URL('../main.js', import.meta.url));
}

export async function registerHost(selection: BrowserSelection = { userDataDirs: [] }) {
	const plan = await planInstall({
		system: currentPlatformEnvironment(),
		nodePath: process.execPath,
		entryPath: hostEntryPath(),
		...selection,
		isPresent: isBrowserPresent,
	});
	await applyInstall(plan);
	return plan;
}

export const installCommand: CliCommand = {
	name: 'install',
	summary: 'Register the native host for Chrome, Chromium and Edge found for this user',
	usage: 'safedisk install [--browser NAME]... [--user-data-dir DIR]...',
	async run(args, io) {
		const { values } = parseArgs({ args, options: BROWSER_SELECTION_OPTIONS });
		const plan = await registerHost(await browserSelection(values));
		io.stdout.write(`Native host wrapper: ${plan.wrapperPath}\n`);
		for (const target of plan.targets) {
			io.stdout.write(
				`Registered for ${target.label}: ${target.registryKey ?? target.manifestPath}\n`,
			);
		}
		io.stdout.write('Check it with: safedisk doctor\n');
		return EXIT_OK;
	},
};
