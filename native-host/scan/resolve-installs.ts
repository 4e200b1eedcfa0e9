import path from 'node:path';
import {
	BROWSER_IDS,
	type BrowserId,
	currentPlatformEnvironment,
	type PlatformEnvironment,
} from '../browsers/catalog.ts';
import { type BrowserInstall, customInstall, installCandidates } from './installs.ts';

export interface InstallChoice {
	browsers?: readonly string[] | undefined;
	userDataDirs?: readonly string[] | undefined;
}

export function isBrowserId(name: string): name is BrowserId {
	return (BROWSER_IDS as readonly string[]).includes(name);
}

// The user-data folders a scan looks at: the named ones, or every known location of the chosen
// browsers. Names must be checked with isBrowserId first; unknown ones are ignored here.
export function resolveInstalls(
	choice: InstallChoice,
	system: PlatformEnvironment = currentPlatformEnvironment(),
): BrowserInstall[] {
	const browsers = (choice.browsers ?? []).filter(isBrowserId);
	if (choice.userDataDirs && choice.userDataDirs.length > 0) {
		const only = browsers.length === 1 ? browsers[0] : undefined;
		const label = only
			? (installCandidates(system, new Set([only]))[0]?.label ?? only)
			: 'Custom user-data folder';
		return choice.userDataDirs.map((dir) =>
			customInstall(path.resolve(dir), system, only ?? 'custom', label),
		);
	}
	return installCandidates(system, browsers.length > 0 ? new Set(browsers) : undefined);
}
