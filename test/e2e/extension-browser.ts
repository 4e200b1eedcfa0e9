import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../support/chromium.ts';
import { HOST_ENTRY } from '../support/host-process.ts';

// Chromium with the built extension and the helper registered inside its own user-data folder.
// HOME points at an empty folder, so the helper (started by Chromium, with its environment) finds
// no other browser of this machine: every byte the popup shows comes from the test.
export interface ExtensionBrowser {
	context: BrowserContext;
	userDataDir: string;
	home: string;
}

export async function launchExtensionBrowser(
	executablePath: string,
	options: { colorScheme?: 'light' | 'dark'; root: string; registerHost?: boolean },
): Promise<ExtensionBrowser> {
	const userDataDir = await mkdtemp(path.join(options.root, 'profile-'));
	const home = await mkdtemp(path.join(options.root, 'home-'));
	const stateDir = path.join(home, 'safedisk-state');
	if (options.registerHost !== false) {
		execFileSync(process.execPath, [HOST_ENTRY, 'install', '--user-data-dir', userDataDir], {
			env: { ...process.env, HOME: home, SAFEDISK_STATE_DIR: stateDir },
		});
	}
	const context = await launchWithExtension(executablePath, userDataDir, {
		viewport: { width: 800, height: 600 },
		colorScheme: options.colorScheme ?? 'light',
		env: { ...process.env, HOME: home, SAFEDISK_STATE_DIR: stateDir },
	});
	// A page that never shows what a test waits for fails the test instead of hanging it.
	context.setDefaultTimeout(30_000);
	return { context, userDataDir, home };
}

export async function makeTestRoot(): Promise<string> {
	return mkdtemp(path.join(tmpdir(), 'safedisk-e2e-'));
}

// A browser user-data folder as Chromium leaves it, with browser-wide folders the helper may
// delete itself. `modelBytes` is allocated without being written (fallocate), so a large
// on-device model costs no time.
export async function prepareUserDataDir(
	root: string,
	sizes: { crashReportBytes: number; modelBytes: number },
): Promise<string> {
	const dir = await mkdtemp(path.join(root, 'prepared-'));
	await writeFile(path.join(dir, 'Local State'), '{}');
	await mkdir(path.join(dir, 'Default'));
	await writeFile(path.join(dir, 'Default', 'Preferences'), '{}');
	await mkdir(path.join(dir, 'Crash Reports', 'pending'), { recursive: true });
	await writeFile(
		path.join(dir, 'Crash Reports', 'pending', 'report.dmp'),
		Buffer.alloc(sizes.crashReportBytes, 7),
	);
	if (sizes.modelBytes > 0) {
		const model = path.join(dir, 'OptGuideOnDeviceModel', '2025.1.1');
		await mkdir(model, { recursive: true });
		execFileSync('fallocate', ['-l', String(sizes.modelBytes), path.join(model, 'weights.bin')]);
	}
	return dir;
}
