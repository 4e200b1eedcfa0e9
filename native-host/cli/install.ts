import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SafeDiskError } from '../../shared/errors.ts';
import { BROWSER_IDS, type BrowserId } from '../browsers/catalog.ts';
import { applyInstall, isBrowserPresent, planInstall } from '../install/install.ts';
import { currentPlatformEnvironment } from '../install/state-dir.ts';
import { type CliCommand, EXIT_OK } from './cli-command.ts';

// The built entry point that the wrapper starts: build/native-host/main.js.
export function hostEntryPath(): string {
	return fileURLToPath(new URL('../main.js', import.meta.url));
}

export function parseBrowserNames(names: string[]): BrowserId[] | undefined {
	if (names.length === 0) return undefined;
	return names.map((name) => {
		if (!(BROWSER_IDS as readonly string[]).includes(name)) {
			throw new SafeDiskError(
				'E_USAGE',
				`Unknown browser "${name}". Known: ${BROWSER_IDS.join(', ')}.`,
			);
		}
		return name as BrowserId;
	});
}

// Profile folders from the command line, made absolute against the working folder.
export function parseUserDataDirs(dirs: string[]): string[] {
	return dirs.map((dir) => path.resolve(dir));
}

export async function registerHost(browserNames: string[], userDataDirs: string[]) {
	const browsers = parseBrowserNames(browserNames);
	const plan = await planInstall({
		system: currentPlatformEnvironment(),
		nodePath: process.execPath,
		entryPath: hostEntryPath(),
		...(browsers ? { browsers } : {}),
		userDataDirs: parseUserDataDirs(userDataDirs),
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
		const { values } = parseArgs({
			args,
			options: {
				browser: { type: 'string', multiple: true, default: [] },
				'user-data-dir': { type: 'string', multiple: true, default: [] },
			},
		});
		const plan = await registerHost(values.browser, values['user-data-dir']);
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
