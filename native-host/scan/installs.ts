import path from 'node:path';
import { type BrowserId, browserLocations, type PlatformEnvironment } from '../browsers/catalog.ts';

// One browser user-data folder to scan, and where its caches live.
export interface BrowserInstall {
	browser: BrowserId | 'custom';
	label: string;
	userDataDir: string;
	// Folders that mirror the profiles and hold their HTTP and code caches (Linux and macOS).
	cacheRoots: string[];
}

// Every user-data folder the browsers of this system may use, existing or not.
export function installCandidates(
	system: PlatformEnvironment,
	wanted?: ReadonlySet<BrowserId>,
): BrowserInstall[] {
	const installs: BrowserInstall[] = [];
	for (const location of browserLocations(system)) {
		if (wanted && !wanted.has(location.id)) continue;
		for (const userDataDir of location.userDataDirs) {
			installs.push({
				browser: location.id,
				label: location.label,
				userDataDir,
				cacheRoots: cacheRootsFor(userDataDir, system),
			});
		}
	}
	return installs;
}

export function customInstall(
	userDataDir: string,
	system: PlatformEnvironment,
	browser: BrowserId | 'custom' = 'custom',
	label = 'Custom user-data folder',
): BrowserInstall {
	return { browser, label, userDataDir, cacheRoots: cacheRootsFor(userDataDir, system) };
}

// Chromium on Linux keeps the HTTP and code caches of a profile under ~/.config/<browser>/<profile>
// in ~/.cache/<browser>/<profile> (the XDG folders when set); Flatpak apps get their own config and
// cache folders; on macOS ~/Library/Application Support maps to ~/Library/Caches. Windows keeps
// caches inside the profile.
export function cacheRootsFor(userDataDir: string, system: PlatformEnvironment): string[] {
	const { platform, home, env } = system;
	if (platform === 'win32') return [];
	const posix = path.posix;
	const pairs: [string, string][] =
		platform === 'darwin'
			? [[posix.join(home, 'Library/Application Support'), posix.join(home, 'Library/Caches')]]
			: [
					[
						env.XDG_CONFIG_HOME || posix.join(home, '.config'),
						env.XDG_CACHE_HOME || posix.join(home, '.cache'),
					],
					[posix.join(home, '.config'), posix.join(home, '.cache')],
				];
	const flatpak = /^(.*\/\.var\/app\/[^/]+)\/config(\/.*)$/.exec(userDataDir);
	if (flatpak) pairs.push([`${flatpak[1]}/config`, `${flatpak[1]}/cache`]);
	const snap = /^(.*\/snap\/[^/]+\/common)(\/.*)$/.exec(userDataDir);
	if (snap) pairs.push([snap[1] as string, `${snap[1]}/.cache`]);
	const roots = new Set<string>();
	for (const [configHome, cacheHome] of pairs) {
		const relative = posix.relative(configHome, userDataDir);
		if (relative === '' || relative.startsWith('..') || posix.isAbsolute(relative)) continue;
		const cacheRoot = posix.join(cacheHome, relative);
		if (cacheRoot !== userDataDir) roots.add(cacheRoot);
	}
	return [...roots];
}
