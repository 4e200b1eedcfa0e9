import { describe, expect, it } from 'vitest';
import {
	type BrowserId,
	type BrowserLocation,
	browserLocations,
	type PlatformEnvironment,
} from '../../../native-host/browsers/catalog.ts';

function locate(system: PlatformEnvironment, id: BrowserId): BrowserLocation {
	const location = browserLocations(system).find((candidate) => candidate.id === id);
	if (!location) throw new Error(`${id} is not in the catalog for ${system.platform}`);
	return location;
}

const linux = (env: Record<string, string> = {}): PlatformEnvironment => ({
	platform: 'linux',
	home: '/home/ana',
	env,
});

describe('browser locations on Linux', () => {
	it('puts Chrome, Chromium and Edge manifests under ~/.config by default', () => {
		expect(locate(linux(), 'chrome').nativeHostDir).toBe(
			'/home/ana/.config/google-chrome/NativeMessagingHosts',
		);
		expect(locate(linux(), 'chromium').nativeHostDir).toBe(
			'/home/ana/.config/chromium/NativeMessagingHosts',
		);
		expect(locate(linux(), 'edge').nativeHostDir).toBe(
			'/home/ana/.config/microsoft-edge/NativeMessagingHosts',
		);
		expect(locate(linux(), 'chrome-dev').nativeHostDir).toBe(
			'/home/ana/.config/google-chrome-unstable/NativeMessagingHosts',
		);
		expect(locate(linux(), 'chromium').registryKey).toBeNull();
	});

	it('follows XDG_CONFIG_HOME when it is set, and ignores it when it is empty', () => {
		const custom = linux({ XDG_CONFIG_HOME: '/data/ana config' });
		expect(locate(custom, 'chromium').nativeHostDir).toBe(
			'/data/ana config/chromium/NativeMessagingHosts',
		);
		expect(locate(custom, 'edge').userDataDirs[0]).toBe('/data/ana config/microsoft-edge');
		expect(locate(linux({ XDG_CONFIG_HOME: '' }), 'chromium').nativeHostDir).toBe(
			'/home/ana/.config/chromium/NativeMessagingHosts',
		);
	});

	it('lists Flatpak and snap profile folders as sandboxed builds, never as manifest folders', () => {
		const chromium = locate(linux({ XDG_CONFIG_HOME: '/xdg' }), 'chromium');
		expect(chromium.sandboxed).toEqual([
			{
				kind: 'flatpak',
				userDataDir: '/home/ana/.var/app/org.chromium.Chromium/config/chromium',
				executables: [],
			},
			{
				kind: 'snap',
				userDataDir: '/home/ana/snap/chromium/common/chromium',
				executables: ['/snap/bin/chromium'],
			},
		]);
		expect(chromium.userDataDirs).toEqual([
			'/xdg/chromium',
			'/home/ana/.var/app/org.chromium.Chromium/config/chromium',
			'/home/ana/snap/chromium/common/chromium',
		]);
		expect(chromium.executables).not.toContain('/snap/bin/chromium');
		expect(locate(linux(), 'chrome').sandboxed.map((build) => build.userDataDir)).toEqual([
			'/home/ana/.var/app/com.google.Chrome/config/google-chrome',
		]);
		expect(locate(linux(), 'edge').sandboxed.map((build) => build.kind)).toEqual(['flatpak']);
	});

	it('has no Edge Canary, which is not made for Linux', () => {
		expect(browserLocations(linux()).map((location) => location.id)).not.toContain('edge-canary');
	});
});

describe('browser locations on macOS', () => {
	const mac: PlatformEnvironment = { platform: 'darwin', home: '/Users/ana', env: {} };

	it('puts manifests in each browser folder under Application Support', () => {
		expect(locate(mac, 'chrome').nativeHostDir).toBe(
			'/Users/ana/Library/Application Support/Google/Chrome/NativeMessagingHosts',
		);
		expect(locate(mac, 'chrome-canary').nativeHostDir).toBe(
			'/Users/ana/Library/Application Support/Google/Chrome Canary/NativeMessagingHosts',
		);
		expect(locate(mac, 'chromium').nativeHostDir).toBe(
			'/Users/ana/Library/Application Support/Chromium/NativeMessagingHosts',
		);
		expect(locate(mac, 'edge').nativeHostDir).toBe(
			'/Users/ana/Library/Application Support/Microsoft Edge/NativeMessagingHosts',
		);
		expect(locate(mac, 'edge').registryKey).toBeNull();
		expect(locate(mac, 'edge').sandboxed).toEqual([]);
	});

	it('ignores XDG_CONFIG_HOME, which macOS browsers do not read', () => {
		const withXdg: PlatformEnvironment = { ...mac, env: { XDG_CONFIG_HOME: '/xdg' } };
		expect(locate(withXdg, 'chromium').nativeHostDir).toBe(locate(mac, 'chromium').nativeHostDir);
	});
});

describe('browser locations on Windows', () => {
	const windows = (env: Record<string, string> = {}): PlatformEnvironment => ({
		platform: 'win32',
		home: 'C:\\Users\\Ana Maria',
		env,
	});

	it('registers under HKCU keys and finds profiles under LOCALAPPDATA', () => {
		const system = windows({ LOCALAPPDATA: 'D:\\Profiles\\Ana Maria\\Local' });
		expect(locate(system, 'chrome').registryKey).toBe(
			'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
		);
		expect(locate(system, 'chromium').registryKey).toBe(
			'HKCU\\Software\\Chromium\\NativeMessagingHosts',
		);
		expect(locate(system, 'edge').registryKey).toBe(
			'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts',
		);
		expect(locate(system, 'chrome').userDataDirs).toEqual([
			'D:\\Profiles\\Ana Maria\\Local\\Google\\Chrome\\User Data',
		]);
		expect(locate(system, 'edge-canary').userDataDirs).toEqual([
			'D:\\Profiles\\Ana Maria\\Local\\Microsoft\\Edge SxS\\User Data',
		]);
		expect(locate(system, 'chrome').nativeHostDir).toBeNull();
	});

	it('falls back to AppData\\Local under the home folder without LOCALAPPDATA', () => {
		expect(locate(windows(), 'chromium').userDataDirs).toEqual([
			'C:\\Users\\Ana Maria\\AppData\\Local\\Chromium\\User Data',
		]);
	});

	it('shares one registry key among Chrome channels, as Chrome does', () => {
		const keys = browserLocations(windows())
			.filter((location) => location.id.startsWith('chrome-') || location.id === 'chrome')
			.map((location) => location.registryKey);
		expect(new Set(keys)).toEqual(
			new Set(['HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts']),
		);
	});
});
