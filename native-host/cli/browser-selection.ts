import type { ParseArgsConfig } from 'node:util';
import { SafeDiskError } from '../../shared/errors.ts';
import { BROWSER_IDS, type BrowserId } from '../browsers/catalog.ts';
import { checkUserDataFolders } from '../scan/user-data-folder.ts';

// How `install` and `doctor` are told which registrations they mean: browsers by name, and
// user-data folders of custom profiles.
export const BROWSER_SELECTION_OPTIONS = {
	browser: { type: 'string', multiple: true, default: [] as string[] },
	'user-data-dir': { type: 'string', multiple: true, default: [] as string[] },
} satisfies ParseArgsConfig['options'];

export interface BrowserSelection {
	// Undefined: every browser SafeDisk knows.
	browsers?: BrowserId[];
	userDataDirs: string[];
}

// A named profile folder must exist and be a folder, as for a scan: a mistyped path is an error,
// never a new folder made to hold a registration.
export async function browserSelection(values: {
	browser: string[];
	'user-data-dir': string[];
}): Promise<BrowserSelection> {
	const browsers = parseBrowserNames(values.browser);
	const userDataDirs = await checkUserDataFolders(values['user-data-dir']).catch(
		(error: unknown) => {
			if (!(error instanceof SafeDiskError) || error.code !== 'E_PATH_NOT_FOUND') throw error;
			throw new SafeDiskError(
				'E_PATH_NOT_FOUND',
				`${error.message} Start the browser once with --user-data-dir set to that folder, then run this again.`,
				{ cause: error.cause, ...(error.path ? { path: error.path } : {}) },
			);
		},
	);
	return { ...(browsers ? { browsers } : {}), userDataDirs };
}

function parseBrowserNames(names: string[]): BrowserId[] | undefined {
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
