import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_NAME } from '../../shared/extension-id.ts';
import {
	chromiumOrFail,
	extensionUrl,
	launchWithExtension,
	newUserDataDir,
} from '../support/chromium.ts';
import { expectBetween, freeFigures } from '../support/free-space.ts';
import { HOST_ENTRY } from '../support/host-process.ts';

const chromiumPath = chromiumOrFail();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function launch(userDataDir: string): Promise<BrowserContext> {
	const context = await launchWithExtension(chromiumPath as string, userDataDir);
	cleanups.push(async () => {
		await context.close();
		await rm(userDataDir, { recursive: true, force: true });
	});
	return context;
}

describe.skipIf(chromiumPath === null)('the popup in real Chromium', () => {
	it('shows "connected" and disk figures matching statfs when the host is registered', async () => {
		const userDataDir = await newUserDataDir();
		const stateDir = await mkdtemp(path.join(tmpdir(), 'safedisk-state-'));
		cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
		execFileSync(process.execPath, [HOST_ENTRY, 'install', '--user-data-dir', userDataDir], {
			env: { ...process.env, SAFEDISK_STATE_DIR: stateDir },
		});
		const manifest = JSON.parse(
			await readFile(path.join(userDataDir, 'NativeMessagingHosts', `${HOST_NAME}.json`), 'utf8'),
		);
		expect(existsSync(manifest.path)).toBe(true);

		const context = await launch(userDataDir);
		const page = await context.newPage();
		const before = await freeFigures(homedir());
		await page.goto(extensionUrl('extension/popup/index.html'));
		await page
			.locator('[data-testid="host-state"][data-state="connected"]')
			.waitFor({ timeout: 20_000 });
		const after = await freeFigures(homedir());
		const shown = {
			bytes: Number(await page.getByTestId('free-bytes').getAttribute('data-bytes')),
			inodes: Number(await page.getByTestId('free-inodes').getAttribute('data-inodes')),
		};
		expectBetween(shown, before, after);
		await page.screenshot({ path: 'test-artifacts/popup-connected.png' });
	});

	it('shows the install command when no host is registered', async () => {
		const context = await launch(await newUserDataDir());
		const page = await context.newPage();
		await page.goto(extensionUrl('extension/popup/index.html'));
		await page
			.locator('[data-testid="host-state"][data-state="not-installed"]')
			.waitFor({ timeout: 20_000 });
		expect(await page.getByTestId('install-command').textContent()).toBe('npm start');
		await page.screenshot({ path: 'test-artifacts/popup-not-installed.png' });
	});
});
