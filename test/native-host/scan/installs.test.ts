import { describe, expect, it } from 'vitest';
import { cacheRootsFor, installCandidates } from '../../../native-host/scan/installs.ts';
import { resolveInstalls } from '../../../native-host/scan/resolve-installs.ts';

const linux = { platform: 'linux' as const, home: '/home/ada', env: {} };

describe('browser user-data folders and their cache folders', () => {
	it('finds every Chrome, Chromium and Edge channel on Linux, with Flatpak and snap builds', () => {
		const dirs = installCandidates(linux).map((install) => install.userDataDir);
		expect(dirs).toEqual(
			expect.arrayContaining([
				'/home/ada/.config/google-chrome',
				'/home/ada/.config/google-chrome-beta',
				'/home/ada/.config/google-chrome-unstable',
				'/home/ada/.config/chromium',
				'/home/ada/.config/microsoft-edge',
				'/home/ada/.config/microsoft-edge-beta',
				'/home/ada/.config/microsoft-edge-dev',
				'/home/ada/.var/app/org.chromium.Chromium/config/chromium',
				'/home/ada/snap/chromium/common/chromium',
			]),
		);
	});

	it('maps a Linux profile under ~/.config to its HTTP and code caches under ~/.cache', () => {
		expect(cacheRootsFor('/home/ada/.config/chromium', linux)).toEqual([
			'/home/ada/.cache/chromium',
		]);
	});

	it('follows XDG_CONFIG_HOME and XDG_CACHE_HOME when they are set', () => {
		const system = { ...linux, env: { XDG_CONFIG_HOME: '/cfg', XDG_CACHE_HOME: '/cache' } };
		const [chrome] = installCandidates(system, new Set(['chrome'] as const));
		expect(chrome).toMatchObject({
			userDataDir: '/cfg/google-chrome',
			cacheRoots: ['/cache/google-chrome'],
		});
	});

	it('maps Flatpak and snap builds to the cache folders of their sandboxes', () => {
		expect(
			cacheRootsFor('/home/ada/.var/app/org.chromium.Chromium/config/chromium', linux),
		).toEqual(['/home/ada/.var/app/org.chromium.Chromium/cache/chromium']);
		expect(cacheRootsFor('/home/ada/snap/chromium/common/chromium', linux)).toEqual([
			'/home/ada/snap/chromium/common/.cache/chromium',
		]);
	});

	it('has no separate cache folder for a user-data folder outside the config folder', () => {
		expect(cacheRootsFor('/tmp/profile', linux)).toEqual([]);
	});

	it('uses Application Support and Caches on macOS', () => {
		const mac = { platform: 'darwin' as const, home: '/Users/ada', env: {} };
		const edge = installCandidates(mac).find((install) => install.browser === 'edge-canary');
		expect(edge).toMatchObject({
			userDataDir: '/Users/ada/Library/Application Support/Microsoft Edge Canary',
			cacheRoots: ['/Users/ada/Library/Caches/Microsoft Edge Canary'],
		});
	});

	it('uses LOCALAPPDATA on Windows and keeps the caches inside the profile', () => {
		const windows = {
			platform: 'win32' as const,
			home: 'C:\\Users\\ada',
			env: { LOCALAPPDATA: 'D:\\Local' },
		};
		const installs = installCandidates(windows);
		expect(installs.find((install) => install.browser === 'chrome-canary')).toMatchObject({
			userDataDir: 'D:\\Local\\Google\\Chrome SxS\\User Data',
			cacheRoots: [],
		});
		expect(installs.find((install) => install.browser === 'edge')?.userDataDir).toBe(
			'D:\\Local\\Microsoft\\Edge\\User Data',
		);
	});

	it('scans only the named user-data folder when one is given, labelled with the chosen browser', () => {
		const installs = resolveInstalls({ browsers: ['edge'], userDataDirs: ['/data/edge'] }, linux);
		expect(installs).toEqual([
			{ browser: 'edge', label: 'Microsoft Edge', userDataDir: '/data/edge', cacheRoots: [] },
		]);
	});
});
