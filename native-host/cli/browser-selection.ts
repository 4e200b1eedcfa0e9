import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { SafeDiskError } from '../../shared/errors.ts';
import { BROWSER_IDS, type BrowserId } from '../browsers/catalog.ts';

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

export function browserSelection(values: {
	browser: string[];
	'user-data-dir': string[];
}): BrowserSelection {
	const browsers = parseBrowserNames(values.browser);
	return {
		...(browsers ? { browsers } : {}),
		userDataDirs: values['user-data-dir'].map((dir) => path.resolve(dir)),
	};
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
