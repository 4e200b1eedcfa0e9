import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { LOCK_DEFAULTS } from '../../native-host/lock/defaults.ts';
import { chromiumOrFail, extensionUrl } from '../support/chromium.ts';
import { itAsRoot } from '../support/root-only.ts';
import { fillSpace, mountTmpfs, type Tmpfs } from '../support/tmpfs.ts';
import {
	type ExtensionBrowser,
	launchExtensionBrowser,
	makeTestRoot,
} from './extension-browser.ts';

const HOLDER = fileURLToPath(new URL('./fixtures/lock-holder.mjs', import.meta.url));
const BUILT_LOCK = fileURLToPath(new URL('../../build/native-host/lock/index.js', import.meta.url));

const executable = chromiumOrFail();

// A holder that took its lock and was then killed: a stale lock whose owner is really dead.
async function lockThenKill(resource: string): Promise<void> {
	const child: ChildProcess = spawn(process.execPath, [HOLDER, BUILT_LOCK, resource], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout?.once('data', () => resolve());
		child.once('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
	});
	const exited = once(child, 'exit');
	child.kill('SIGKILL');
	await exited;
}

// Adds a lock directory on the page; resolves with the refusal shown, or null once it is listed.
async function addLockDir(page: Page, dir: string, refusedWith?: string): Promise<void> {
	const setting = page.getByTestId('lock-dirs-setting');
	await setting.getByRole('textbox').fill(dir);
	await setting.getByRole('button', { name: 'Add' }).click();
	if (refusedWith === undefined) await setting.locator('code', { hasText: dir }).waitFor();
	else
		await page
			.getByTestId('lock-dirs-setting-problem')
			.filter({ hasText: refusedWith })
			.filter({ hasText: dir })
			.waitFor();
}

describe.skipIf(executable === null)('the lock health page in real Chromium', () => {
	let root = '';
	let tmpfs: Tmpfs | null = null;
	let browser: ExtensionBrowser | null = null;

	afterAll(async () => {
		await browser?.context.close();
		tmpfs?.unmount();
		if (root) await rm(root, { recursive: true, force: true });
	});

	itAsRoot(
		'says a stale lock on a full tmpfs is not safe to take over and a dead owner’s lock is',
		async () => {
			root = await makeTestRoot();
			tmpfs = mountTmpfs({ sizeKb: 256, inodes: 64 });
			await lockThenKill(path.join(tmpfs.dir, 'job'));
			fillSpace(tmpfs.dir);
			const plain = path.join(root, 'agent-locks');
			await mkdir(plain);
			await lockThenKill(path.join(plain, 'build'));
			const aFile = path.join(root, 'not-a-directory');
			await writeFile(aFile, '');
			// Both heartbeats must be past the stale threshold before the page judges them.
			await new Promise((resolve) => setTimeout(resolve, LOCK_DEFAULTS.staleThresholdMs + 500));

			browser = await launchExtensionBrowser(executable as string, { root });
			const page = await browser.context.newPage();
			await page.goto(extensionUrl('extension/locks/index.html'));
			await page.getByTestId('default-locks').waitFor();
			await addLockDir(page, path.join(root, 'missing'), 'E_PATH_NOT_FOUND');
			await addLockDir(page, aFile, 'E_NOT_A_DIRECTORY');
			await addLockDir(page, tmpfs.dir);
			await addLockDir(page, plain);
			// Only the directories the helper accepted were stored.
			expect(await page.getByTestId('lock-dirs-setting').locator('code').allTextContents()).toEqual(
				[tmpfs.dir, plain],
			);

			await page.locator('[data-testid="my-locks"][data-state="done"]').waitFor();
			const full = page.locator(`[data-testid="lock"][data-path="${tmpfs.dir}/job.lock"]`);
			expect(await full.getByTestId('lock-verdict').textContent()).toBe(
				'not safe to take over: filesystem full',
			);
			expect(await full.getByTestId('lock-filesystem').getAttribute('data-condition')).toBe(
				'space-full',
			);
			const dead = page.locator(`[data-testid="lock"][data-path="${plain}/build.lock"]`);
			expect(await dead.getByTestId('lock-verdict').textContent()).toBe('safe to take over');
			expect(await dead.getAttribute('data-reason')).toBe('owner-dead');

			await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
			await full.getByTestId('copy-lock-evidence').click();
			await full.locator('[data-testid="copy-lock-evidence"][data-state="copied"]').waitFor();
			const copied = await page.evaluate(() => navigator.clipboard.readText());
			expect(copied).toContain(`${tmpfs.dir}/job.lock`);
			expect(copied).toContain('stale-not-stealable');
			expect(copied).toContain('filesystem-full');

			await page.screenshot({ path: 'test-artifacts/lock-health-page.png', fullPage: true });
			await page.emulateMedia({ colorScheme: 'dark' });
			await page.screenshot({ path: 'test-artifacts/lock-health-page-dark.png', fullPage: true });
		},
		180_000,
	);
});
