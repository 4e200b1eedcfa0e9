import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrFail, extensionUrl } from '../support/chromium.ts';
import {
	type LoopbackSite,
	startSite,
	stopSites,
	storeCacheStorage,
	storeHttpCache,
	storeIndexedDb,
} from '../support/real-profile.ts';
import { lowestContrast } from './contrast.ts';
import {
	type ExtensionBrowser,
	launchExtensionBrowser,
	makeTestRoot,
	prepareUserDataDir,
} from './extension-browser.ts';

// What the extension pages see; evaluated there, not in Node.
declare const chrome: {
	runtime: { sendMessage(message: unknown): Promise<unknown> };
	storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

const MB = 1024 * 1024;
const INDEXEDDB_BYTES = 30 * MB;
const HTTP_CACHE_BYTES = 12 * MB;
const CACHE_STORAGE_BYTES = 8 * MB;
const CRASH_REPORT_BYTES = 3 * MB;
// Far above what the Deep Cleanup rule calls meaningful, whatever the disk's fill level.
const MODEL_BYTES = 1536 * MB;
const ARTIFACTS = 'test-artifacts';
const DEEP_CLEANUP_URL = 'https://deep-cleanup.example/start';

const executable = chromiumOrFail();

// Allocated bytes under a folder, as `du` counts them.
function allocatedBytes(dir: string): number {
	if (!existsSync(dir)) return 0;
	return Number(execFileSync('du', ['-sB1', dir], { encoding: 'utf8' }).split('\t')[0]);
}

async function addFolder(page: Page, testId: string, folder: string): Promise<void> {
	await page.getByTestId(testId).getByRole('textbox').fill(folder);
	await page.getByTestId(testId).getByRole('button', { name: 'Add' }).click();
	await page.getByTestId(testId).locator('code', { hasText: folder }).waitFor();
}

async function scan(popup: Page): Promise<void> {
	await popup.getByTestId('scan').click();
	await popup.getByTestId('culprits').waitFor({ timeout: 60_000 });
}

async function popupShot(popup: Page, name: string): Promise<void> {
	await popup.locator('.popup').screenshot({ path: path.join(ARTIFACTS, name) });
}

// Every primary button and badge shown has at least 4.5:1 text contrast.
async function expectReadable(popup: Page): Promise<void> {
	const lowest = await lowestContrast(popup);
	expect(lowest.checked).toBeGreaterThan(0);
	expect(lowest.ratio, lowest.text).toBeGreaterThanOrEqual(4.5);
}

function isFocused(locator: Locator): Promise<boolean> {
	return locator.evaluate((element) => element === document.activeElement);
}

async function totalInHeader(popup: Page): Promise<number> {
	return Number(await popup.getByTestId('scan-total').getAttribute('data-bytes'));
}

async function remainingInPanel(popup: Page): Promise<number> {
	return Number(await popup.getByTestId('remaining-reclaimable').getAttribute('data-bytes'));
}

function claimFromPage(popup: Page, runId: string, itemId: string) {
	return popup.evaluate((message) => chrome.runtime.sendMessage(message), {
		type: 'free-cleanup/claim',
		runId,
		itemId,
		label: 'test',
		estimateBytes: 1,
	}) as Promise<{ ok: boolean; error?: { code: string } }>;
}

describe.skipIf(executable === null)('the popup on a profile written by real Chromium', () => {
	let root = '';
	let browser: ExtensionBrowser | null = null;
	const sites: LoopbackSite[] = [];
	let popup: Page;
	let options: Page;

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		root = await makeTestRoot();
		for (let index = 0; index < 3; index += 1) sites.push(await startSite());
		browser = await launchExtensionBrowser(executable as string, { root });
		const page = await browser.context.newPage();
		const [idbSite, httpSite, cacheSite] = sites as [LoopbackSite, LoopbackSite, LoopbackSite];
		await storeIndexedDb(page, idbSite, INDEXEDDB_BYTES);
		await storeHttpCache(page, httpSite, HTTP_CACHE_BYTES);
		await storeCacheStorage(page, cacheSite, CACHE_STORAGE_BYTES);
		await page.close();
		options = await browser.context.newPage();
		await options.goto(extensionUrl('extension/locks/index.html'));
		await options.getByTestId('default-locks').waitFor();
		await addFolder(options, 'scan-folders-setting', browser.userDataDir);
		popup = await browser.context.newPage();
		await popup.setViewportSize({ width: 400, height: 600 });
		await popup.goto(extensionUrl('extension/popup/index.html'));
		await popup.locator('[data-testid="host-state"][data-state="connected"]').waitFor();
	}, 240_000);

	afterAll(async () => {
		await browser?.context.close();
		await stopSites(sites);
		if (root) await rm(root, { recursive: true, force: true });
	});

	it('scans with visible progress and ranks the heaviest site first', async () => {
		// A small profile scans fast: record the progress view whenever it appears.
		await popup.evaluate(() => {
			const seen = { progress: false };
			Object.assign(window, { seen });
			new MutationObserver((records) => {
				for (const record of records)
					for (const node of record.addedNodes)
						if (node instanceof HTMLElement && node.querySelector('[data-testid="scan-progress"]'))
							seen.progress = true;
						else if (node instanceof HTMLElement && node.dataset.testid === 'scan-progress')
							seen.progress = true;
			}).observe(document.body, { childList: true, subtree: true });
		});
		await popup.getByTestId('scan').click();
		await popup.getByTestId('culprits').waitFor({ timeout: 60_000 });
		expect(
			await popup.evaluate(
				() => (window as unknown as { seen: { progress: boolean } }).seen.progress,
			),
		).toBe(true);
		const top = popup.getByTestId('culprit').first();
		expect(await top.locator('.culprit-name').textContent()).toBe('IndexedDB');
		expect(Number(await top.getAttribute('data-bytes'))).toBeGreaterThan(INDEXEDDB_BYTES * 0.9);
		await top.locator('summary').click();
		await expect
			.poll(() => top.getByTestId('culprit-entry').first().textContent())
			.toContain(sites[0]?.origin);
		expect(await top.locator('.badge').textContent()).toBe('High risk');
		expect(await top.locator('summary').getAttribute('aria-label')).toMatch(
			/^1\. IndexedDB, .*, high risk$/,
		);
		await popupShot(popup, 'popup-after-scan.png');
	});

	it('frees one site’s HTTP cache through the browser and shows the bytes measured on disk', async () => {
		const cacheDir = path.join(browser?.userDataDir ?? '', 'Default', 'Cache');
		const before = allocatedBytes(cacheDir);
		const candidate = popup
			.getByTestId('free-cleanup-candidate')
			.filter({ hasText: `HTTP cache of ${sites[1]?.origin}` });
		expect(await candidate.getAttribute('data-eligible')).toBe('true');
		await candidate.locator('input').check();
		await popup.getByTestId('review-cleanup').click();
		// Cancel returns to the picker with the same item chosen and focused.
		await popup.getByTestId('cleanup-confirmation').getByRole('button', { name: 'Cancel' }).click();
		await expect.poll(() => isFocused(candidate.locator('input'))).toBe(true);
		expect(await candidate.locator('input').isChecked()).toBe(true);
		await popup.getByTestId('review-cleanup').click();
		const confirmation = popup.getByTestId('cleanup-confirmation');
		expect(await confirmation.locator('h2').textContent()).toContain(sites[1]?.origin);
		expect(await confirmation.getByTestId('confirm-consequence').textContent()).toMatch(/load/);
		await popupShot(popup, 'popup-confirmation.png');
		await popup.emulateMedia({ colorScheme: 'dark' });
		await popupShot(popup, 'popup-confirmation-dark.png');
		await expectReadable(popup);
		await popup.emulateMedia({ colorScheme: 'light' });
		await popup.getByTestId('approve-cleanup').click();
		const outcome = popup.locator('[data-testid="cleanup-outcome"][data-state="done"]');
		await outcome.waitFor({ timeout: 60_000 });
		const shownFreed = Number(await outcome.getByTestId('freed-bytes').getAttribute('data-bytes'));
		// The browser may finish removing files a moment after its API call returned.
		await expect
			.poll(() => before - allocatedBytes(cacheDir))
			.toBeGreaterThan(HTTP_CACHE_BYTES * 0.9);
		const freedOnDisk = before - allocatedBytes(cacheDir);
		expect(Math.abs(shownFreed - freedOnDisk)).toBeLessThan(HTTP_CACHE_BYTES * 0.1);
		// Focus moves from the confirmation, now gone, to the result.
		await expect.poll(() => isFocused(outcome.getByTestId('cleanup-outcome-heading'))).toBe(true);
		expect(await totalInHeader(popup)).toBe(await remainingInPanel(popup));
		// What remains (site data, tens of MB) is far below the rule's threshold.
		const offer = popup.getByTestId('deep-cleanup');
		expect(await offer.getAttribute('data-state')).toBe('hidden');
		await offer.scrollIntoViewIfNeeded();
		await popupShot(popup, 'popup-after-cleanup.png');
	});

	it('refuses a second free cleanup of the same scan, also after the popup reopens', async () => {
		await popup.reload();
		await popup.locator('[data-testid="cleanup-outcome"][data-state="done"]').waitFor();
		expect(await popup.getByTestId('free-cleanup-picker').count()).toBe(0);
		// The saved run: the header and the panel still say the same, post-cleanup figure.
		expect(await totalInHeader(popup)).toBe(await remainingInPanel(popup));
		const runId = await popup.evaluate(
			async () =>
				((await chrome.storage.local.get('lastScan')).lastScan as { runId: string }).runId,
		);
		const reply = await claimFromPage(popup, runId, 'another-item');
		expect(reply).toMatchObject({ ok: false, error: { code: 'E_FREE_CLEANUP_USED' } });
	});

	it('grants exactly one of two claims made at the same moment', async () => {
		const replies = await Promise.all([
			claimFromPage(popup, 'race-run', 'item-a'),
			claimFromPage(popup, 'race-run', 'item-b'),
		]);
		expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
		expect(replies.find((reply) => !reply.ok)?.error?.code).toBe('E_FREE_CLEANUP_USED');
	});

	it('deletes crash reports through the helper after the popup reopens and offers Deep Cleanup while much remains', async () => {
		const prepared = await prepareUserDataDir(root, {
			crashReportBytes: CRASH_REPORT_BYTES,
			modelBytes: MODEL_BYTES,
		});
		await addFolder(options, 'scan-folders-setting', prepared);
		// The helper checks a browser folder as its scan would: a file and a relative path are refused.
		const folders = options.getByTestId('scan-folders-setting');
		const problem = options.getByTestId('scan-folders-setting-problem');
		await folders.getByRole('textbox').fill(path.join(prepared, 'Local State'));
		await folders.getByRole('button', { name: 'Add' }).click();
		await expect.poll(() => problem.getAttribute('data-code')).toBe('E_NOT_A_DIRECTORY');
		await folders.getByRole('textbox').fill('relative/folder');
		await folders.getByRole('button', { name: 'Add' }).click();
		await expect.poll(() => problem.getAttribute('data-code')).toBe('E_BAD_PAYLOAD');
		await folders.getByRole('textbox').fill('');
		await folders.getByRole('button', { name: 'Add' }).click();
		await expect.poll(() => problem.count()).toBe(0);
		expect(await folders.locator('code').count()).toBe(2);
		const setting = options.getByTestId('deep-cleanup-url-setting');
		await setting.getByRole('textbox').fill(DEEP_CLEANUP_URL);
		await setting.getByRole('button', { name: 'Save' }).click();
		await setting.getByText('Saved').waitFor();
		await popup.reload();
		await scan(popup);
		expect(await popup.getByTestId('culprit').first().locator('.culprit-name').textContent()).toBe(
			'On-device AI model',
		);
		// Closed and reopened between scan and approval: the helper that scanned has exited, and a
		// new one deletes from the scan the popup shows.
		await popup.reload();
		await popup.getByTestId('scan-total').waitFor();
		const candidate = popup
			.getByTestId('free-cleanup-candidate')
			.filter({ hasText: 'Crash reports' })
			.filter({ hasText: prepared });
		await candidate.locator('input').check();
		await popup.getByTestId('review-cleanup').click();
		await popup.getByTestId('approve-cleanup').click();
		const outcome = popup.locator('[data-testid="cleanup-outcome"][data-state="done"]');
		await outcome.waitFor({ timeout: 60_000 });
		expect(existsSync(path.join(prepared, 'Crash Reports'))).toBe(false);
		const shownFreed = Number(await outcome.getByTestId('freed-bytes').getAttribute('data-bytes'));
		expect(shownFreed).toBeGreaterThanOrEqual(CRASH_REPORT_BYTES);
		expect(shownFreed).toBeLessThan(CRASH_REPORT_BYTES + MB);
		const offer = popup.locator('[data-testid="deep-cleanup"][data-state="shown"]');
		await offer.waitFor();
		expect(await offer.getAttribute('data-reason')).toBe('much-reclaimable');
		expect(await offer.getByTestId('deep-cleanup-link').getAttribute('href')).toBe(
			DEEP_CLEANUP_URL,
		);
		await offer.scrollIntoViewIfNeeded();
		await popupShot(popup, 'popup-deep-cleanup-offer.png');
		await expectReadable(popup);
		await popup.emulateMedia({ colorScheme: 'dark' });
		await popupShot(popup, 'popup-deep-cleanup-offer-dark.png');
		// Primary buttons ("Scan again", "Open the evidence report") and badges stay readable.
		await expectReadable(popup);
		await popup.emulateMedia({ colorScheme: 'light' });
	});

	it('opens the evidence report with the scan, the measured cleanup and no site names', async () => {
		const [report] = await Promise.all([
			browser?.context.waitForEvent('page'),
			popup.getByTestId('open-evidence').click(),
		]);
		if (!report) throw new Error('no report page opened');
		const markdown = report.getByTestId('evidence-markdown');
		await expect.poll(() => markdown.inputValue()).toContain('Free cleanup: Crash reports');
		const text = await markdown.inputValue();
		expect(text).toContain('## Browser storage scan');
		expect(text).toContain('| IndexedDB |');
		expect(text).toContain('site 1');
		for (const site of sites) expect(text).not.toContain(site.origin);
		await report.getByTestId('include-sites').check();
		await expect.poll(() => markdown.inputValue()).toContain(sites[0]?.origin ?? '?');
		expect(await report.getByTestId('deep-cleanup-link').getAttribute('href')).toBe(
			DEEP_CLEANUP_URL,
		);
	});
});
