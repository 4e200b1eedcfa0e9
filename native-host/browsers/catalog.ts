import { homedir } from 'node:os';
import path from 'node:path';

export type Platform = 'linux' | 'darwin' | 'win32';

export const BROWSER_IDS = [
	'chrome',
	'chrome-beta',
	'chrome-dev',
	'chrome-canary',
	'chromium',
	'edge',
	'edge-beta',
	'edge-dev',
	'edge-canary',
] as const;
export type BrowserId = (typeof BROWSER_IDS)[number];

export interface BrowserLocation {
	id: BrowserId;
	label: string;
	// Where the browser keeps profiles; the first one is the standard install, others are
	// Flatpak or snap variants on Linux.
	userDataDirs: string[];
	// Where a per-user native-messaging host manifest goes (Linux and macOS).
	nativeHostDir: string | null;
	// The HKCU key under which a host name is registered (Windows).
	registryKey: string | null;
	executables: string[];
	// Flatpak and snap builds: their profiles count for scans, but their sandbox cannot start a
	// host outside it, so install does not register there.
	sandboxed: SandboxedBuild[];
}

export interface SandboxedBuild {
	kind: 'flatpak' | 'snap';
	userDataDir: string;
	executables: string[];
}

export interface PlatformEnvironment {
	platform: Platform;
	home: string;
	env: Record<string, string | undefined>;
}

// This machine's; every other system is only ever computed for, in the unit tests.
export function currentPlatformEnvironment(): PlatformEnvironment {
	const platform =
		process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
	return { platform, home: homedir(), env: process.env };
}

interface Naming {
	label: string;
	linux: string | null;
	linuxFlatpak: string | null;
	linuxSnap: string | null;
	mac: string;
	windows: string;
	registry: string;
	linuxExecutables: string[];
}

const NAMING: Record<BrowserId, Naming> = {
	chrome: {
		label: 'Google Chrome',
		linux: 'google-chrome',
		linuxFlatpak: '.var/app/com.google.Chrome/config/google-chrome',
		linuxSnap: null,
		mac: 'Google/Chrome',
		windows: 'Google/Chrome/User Data',
		registry: 'Software\\Google\\Chrome\\NativeMessagingHosts',
		linuxExecutables: [
			'/opt/google/chrome/chrome',
			'/usr/bin/google-chrome',
			'/usr/bin/google-chrome-stable',
		],
	},
	'chrome-beta': {
		label: 'Google Chrome Beta',
		linux: 'google-chrome-beta',
		linuxFlatpak: null,
		linuxSnap: null,
		mac: 'Google/Chrome Beta',
		windows: 'Google/Chrome Beta/User Data',
		registry: 'Software\\Google\\Chrome\\NativeMessagingHosts',
		linuxExecutables: ['/opt/google/chrome-beta/chrome', '/usr/bin/google-chrome-beta'],
	},
	'chrome-dev': {
		label: 'Google Chrome Dev',
		linux: 'google-chrome-unstable',
		linuxFlatpak: null,
		linuxSnap: null,
		mac: 'Google/Chrome Dev',
		windows: 'Google/Chrome Dev/User Data',
		registry: 'Software\\Google\\Chrome\\NativeMessagingHosts',
		linuxExecutables: ['/opt/google/chrome-unstable/chrome', '/usr/bin/google-chrome-unstable'],
	},
	'chrome-canary': {
		label: 'Google Chrome Canary',
		linux: 'google-chrome-canary',
		linuxFlatpak: null,
		linuxSnap: null,
		mac: 'Google/Chrome Canary',
		windows: 'Google/Chrome SxS/User Data',
		registry: 'Software\\Google\\Chrome\\NativeMessagingHosts',
		linuxExecutables: ['/opt/google/chrome-canary/chrome', '/usr/bin/google-chrome-canary'],
	},
	chromium: {
		label: 'Chromium',
		linux: 'chromium',
		linuxFlatpak: '.var/app/org.chromium.Chromium/config/chromium',
		linuxSnap: 'snap/chromium/common/chromium',
		mac: 'Chromium',
		windows: 'Chromium/User Data',
		registry: 'Software\\Chromium\\NativeMessagingHosts',
		linuxExecutables: [
			'/usr/bin/chromium',
			'/usr/bin/chromium-browser',
			'/usr/lib/chromium/chromium',
		],
	},
	edge: {
		label: 'Microsoft Edge',
		linux: 'microsoft-edge',
		linuxFlatpak: '.var/app/com.microsoft.Edge/config/microsoft-edge',
		linuxSnap: null,
		mac: 'Microsoft Edge',
		windows: 'Microsoft/Edge/User Data',
		registry: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
		linuxExecutables: [
			'/opt/microsoft/msedge/msedge',
			'/usr/bin/microsoft-edge',
			'/usr/bin/microsoft-edge-stable',
		],
	},
	'edge-beta': {
		label: 'Microsoft Edge Beta',
		linux: 'microsoft-edge-beta',
		linuxFlatpak: null,
		linuxSnap: null,
		mac: 'Microsoft Edge Beta',
		windows: 'Microsoft/Edge Beta/User Data',
		registry: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
		linuxExecutables: ['/opt/microsoft/msedge-beta/msedge', '/usr/bin/microsoft-edge-beta'],
	},
	'edge-dev': {
		label: 'Microsoft Edge Dev',
		linux: 'microsoft-edge-dev',
		linuxFlatpak: null,
		linuxSnap: null,
		mac: 'Microsoft Edge Dev',
		windows: 'Microsoft/Edge Dev/User Data',
		registry: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
		linuxExecutables: ['/opt/microsoft/msedge-dev/msedge', '/usr/bin/microsoft-edge-dev'],
	},
	'edge-canary': {
		label: 'Microsoft Edge Canary',
		linux: null,
		linuxFlatpak: null,
		linuxSnap: null,
		mac: 'Microsoft Edge Canary',
		windows: 'Microsoft/Edge SxS/User Data',
		registry: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
		linuxExecutables: [],
	},
};

// Where each browser lives on a given system. Pure, so every system's paths are tested anywhere.
export function browserLocations(system: PlatformEnvironment): BrowserLocation[] {
	const locations: BrowserLocation[] = [];
	for (const id of BROWSER_IDS) {
		const naming = NAMING[id];
		const location = locate(id, naming, system);
		if (location) locations.push(location);
	}
	return locations;
}

function locate(
	id: BrowserId,
	naming: Naming,
	{ platform, home, env }: PlatformEnvironment,
): BrowserLocation | null {
	if (platform === 'linux') {
		if (naming.linux === null) return null;
		// Chromium takes XDG_CONFIG_HOME as it is when set and non-empty, else ~/.config.
		const configHome = env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
		const standard = path.posix.join(configHome, naming.linux);
		const sandboxed: SandboxedBuild[] = [];
		if (naming.linuxFlatpak !== null) {
			sandboxed.push({
				kind: 'flatpak',
				userDataDir: path.posix.join(home, naming.linuxFlatpak),
				executables: [],
			});
		}
		if (naming.linuxSnap !== null) {
			sandboxed.push({
				kind: 'snap',
				userDataDir: path.posix.join(home, naming.linuxSnap),
				executables: [`/snap/bin/${id}`],
			});
		}
		return {
			id,
			label: naming.label,
			userDataDirs: [standard, ...sandboxed.map((build) => build.userDataDir)],
			nativeHostDir: path.posix.join(standard, 'NativeMessagingHosts'),
			registryKey: null,
			executables: naming.linuxExecutables,
			sandboxed,
		};
	}
	if (platform === 'darwin') {
		const standard = path.posix.join(home, 'Library/Application Support', naming.mac);
		return {
			id,
			label: naming.label,
			userDataDirs: [standard],
			nativeHostDir: path.posix.join(standard, 'NativeMessagingHosts'),
			registryKey: null,
			executables: [],
			sandboxed: [],
		};
	}
	const localAppData = env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local');
	return {
		id,
		label: naming.label,
		userDataDirs: [path.win32.join(localAppData, ...naming.windows.split('/'))],
		nativeHostDir: null,
		registryKey: `HKCU\\${naming.registry}`,
		executables: [],
		sandboxed: [],
	};
}
