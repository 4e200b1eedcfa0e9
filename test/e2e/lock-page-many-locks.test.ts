import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHOWN_LOCKS } from '../../extension/locks/lock-cap.ts';
import { REPORT_LOCKS } from '../../shared/evidence-report.ts';
import { chromiumOrFail, extensionUrl } from '../support/chromium.ts';
import {
	type ExtensionBrowser,
	launchExtensionBrowser,
	makeTestRoot,
} from './extension-browser.ts';

const LOCKS = 5000;

const executable = chromiumOrFail();

describe.skipIf(executable === null)('the lock health page with thousands of locks', () => {
	let root = '';
	let browser: ExtensionBrowser | null = null;

	afterAll(async () => {
		await browser?.context.close();
		if (root) await rm(root, { recursive: true, force: true });
	});

	it('shows a bounded list, says how many are not shown, and can remove the directory again', async () => {
		root = await makeTestRoot();
		const dir = path.join(root, 'many-locks');
		await mkdir(dir);
		for (let index = 0; index < LOCKS; index += 1)
			await writeFile(path.join(dir, `${index}.lock`), '');
		browser = await launchExtensionBrowser(executable as string, { root });
		const page = await browser.context.newPage();
		await page.goto(extensionUrl('extension/locks/index.html'));
		await page.getByTestId('default-locks').waitFor();
		const setting = page.getByTestId('lock-dirs-setting');
		await setting.getByRole('textbox').fill(dir);
		await setting.getByRole('button', { name: 'Add' }).click();
		await page.locator('[data-testid="my-locks"][data-state="done"]').waitFor({ timeout: 120_000 });

		const mine = page.getByTestId('my-locks');
		expect(await mine.getByTestId('lock').count()).toBe(SHOWN_LOCKS);
		const notShown = mine.getByTestId('my-locks-not-shown');
		expect(Number(await notShown.getAttribute('data-count'))).toBe(LOCKS - SHOWN_LOCKS);
		expect(await notShown.locator('code').textContent()).toBe(`safedisk locks ${dir}`);
		await notShown.scrollIntoViewIfNeeded();
		await page.screenshot({ path: 'test-artifacts/lock-health-many-locks.png' });

		const markdown = await page.getByTestId('evidence-markdown').inputValue();
		expect(markdown.split('\n### ').length - 1).toBe(REPORT_LOCKS);
		expect(markdown).toMatch(/more locks left out of this report/);

		await setting.getByRole('button', { name: `Remove ${dir}` }).click();
		await expect.poll(() => mine.count()).toBe(0);
		expect(await setting.locator('code').count()).toBe(0);
	}, 240_000);
});
