import { describe, expect, it } from 'vitest';
import type {
	BrowserLocation,
	PlatformEnvironment,
} from '../../../native-host/browsers/catalog.ts';
import { planInstall, resolveTargets } from '../../../native-host/install/install.ts';
import type { SafeDiskError } from '../../../shared/errors.ts';

const only =
	(...ids: string[]) =>
	async (location: BrowserLocation) =>
		ids.includes(location.id);

const request = (system: PlatformEnvironment, isPresent = only('chromium')) => ({
	system,
	nodePath: system.platform === 'win32' ? 'C:\\Program Files\\nodejs\\node.exe' : '/usr/bin/node',
	entryPath:
		system.platform === 'win32'
			? 'C:\\Users\\Ana Maria\\safedisk\\build\\native-host\\main.js'
			: '/opt/safedisk/build/native-host/main.js',
	isPresent,
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
	return promise.then(
		() => undefined,
		(error: SafeDiskError) => error.code,
	);
}

describe('planning an install on Linux', () => {
	const linux: PlatformEnvironment = {
		platform: 'linux',
		home: '/home/ana',
		env: { XDG_CONFIG_HOME: '/home/ana/cfg', XDG_DATA_HOME: '/home/ana/data' },
	};

	it('registers the browsers found, with the wrapper in the XDG data folder', async () => {
		const plan = await planInstall(request(linux, only('chromium', 'edge')));
		expect(plan.wrapperPath).toBe('/home/ana/data/safedisk/safedisk-host');
		expect(plan.wrapperContent).toContain(
			"exec '/usr/bin/node' '/opt/safedisk/build/native-host/main.js' \"$@\"",
		);
		expect(plan.targets).toEqual([
			{
				label: 'Chromium',
				browser: 'chromium',
				userDataDir: null,
				manifestPath: '/home/ana/cfg/chromium/NativeMessagingHosts/com.safedisk.host.json',
				registryKey: null,
			},
			{
				label: 'Microsoft Edge',
				browser: 'edge',
				userDataDir: null,
				manifestPath: '/home/ana/cfg/microsoft-edge/NativeMessagingHosts/com.safedisk.host.json',
				registryKey: null,
			},
		]);
	});

	it('keeps the wrapper in SAFEDISK_STATE_DIR when it is set', async () => {
		const system = { ...linux, env: { ...linux.env, SAFEDISK_STATE_DIR: '/srv/state' } };
		expect((await planInstall(request(system))).wrapperPath).toBe('/srv/state/safedisk-host');
	});

	it('registers only the named browsers and profile folders, whatever else is found', async () => {
		const targets = await resolveTargets({
			system: linux,
			userDataDirs: ['/tmp/profile one'],
			isPresent: only('chrome', 'chromium', 'edge'),
		});
		expect(targets).toEqual([
			{
				label: 'profile folder /tmp/profile one',
				browser: null,
				userDataDir: '/tmp/profile one',
				manifestPath: '/tmp/profile one/NativeMessagingHosts/com.safedisk.host.json',
				registryKey: null,
			},
		]);
		const named = await resolveTargets({
			system: linux,
			browsers: ['edge'],
			isPresent: only(),
		});
		expect(named.map((target) => target.browser)).toEqual(['edge']);
	});

	it('finds nothing to register when no browser is present', async () => {
		expect((await planInstall(request(linux, only()))).targets).toEqual([]);
	});

	it('refuses a relative profile folder and a browser that is not made for the system', async () => {
		expect(
			await codeOf(resolveTargets({ system: linux, userDataDirs: ['rel/dir'], isPresent: only() })),
		).toBe('E_USAGE');
		expect(
			await codeOf(resolveTargets({ system: linux, browsers: ['edge-canary'], isPresent: only() })),
		).toBe('E_USAGE');
	});
});

describe('planning an install on macOS', () => {
	const mac: PlatformEnvironment = { platform: 'darwin', home: '/Users/ana', env: {} };

	it('writes manifests into Application Support and the wrapper into SafeDisk there', async () => {
		const plan = await planInstall(request(mac, only('chrome', 'edge-canary')));
		expect(plan.wrapperPath).toBe('/Users/ana/Library/Application Support/SafeDisk/safedisk-host');
		expect(plan.targets.map((target) => target.manifestPath)).toEqual([
			'/Users/ana/Library/Application Support/Google/Chrome/NativeMessagingHosts/com.safedisk.host.json',
			'/Users/ana/Library/Application Support/Microsoft Edge Canary/NativeMessagingHosts/com.safedisk.host.json',
		]);
		expect(plan.targets.every((target) => target.registryKey === null)).toBe(true);
	});
});

describe('planning an install on Windows', () => {
	const windows: PlatformEnvironment = {
		platform: 'win32',
		home: 'C:\\Users\\Ana Maria',
		env: { LOCALAPPDATA: 'C:\\Users\\Ana Maria\\AppData\\Local' },
	};

	it('points one HKCU key per vendor at one manifest beside a .cmd wrapper', async () => {
		const plan = await planInstall(request(windows, only('chrome', 'chrome-beta', 'edge')));
		expect(plan.wrapperPath).toBe(
			'C:\\Users\\Ana Maria\\AppData\\Local\\SafeDisk\\safedisk-host.cmd',
		);
		expect(plan.targets).toEqual([
			{
				label: 'Google Chrome, Google Chrome Beta',
				browser: 'chrome',
				userDataDir: null,
				manifestPath: 'C:\\Users\\Ana Maria\\AppData\\Local\\SafeDisk\\com.safedisk.host.json',
				registryKey: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\com.safedisk.host',
			},
			{
				label: 'Microsoft Edge',
				browser: 'edge',
				userDataDir: null,
				manifestPath: 'C:\\Users\\Ana Maria\\AppData\\Local\\SafeDisk\\com.safedisk.host.json',
				registryKey: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\com.safedisk.host',
			},
		]);
		expect(plan.wrapperContent).toBe(
			'@echo off\r\nsetlocal DisableDelayedExpansion\r\n"C:\\Program Files\\nodejs\\node.exe" "C:\\Users\\Ana Maria\\safedisk\\build\\native-host\\main.js" %*\r\n',
		);
	});

	it('refuses --user-data-dir, since Windows browsers look only in the registry', async () => {
		expect(
			await codeOf(
				resolveTargets({ system: windows, userDataDirs: ['C:\\profile'], isPresent: only() }),
			),
		).toBe('E_UNSUPPORTED_PLATFORM');
	});
});
