import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumOrFail, extensionUrl } from '../support/chromium.ts';
import {
	type ExtensionBrowser,
	launchExtensionBrowser,
	makeTestRoot,
} from './extension-browser.ts';

const DOWNLOAD_BYTES = 3 * 1024 * 1024;
const executable = chromiumOrFail();

// A loopback site whose one link downloads a file of known size.
async function startDownloadSite(): Promise<{ server: Server; origin: string }> {
	const server = createServer((request, response) => {
		if (request.url === '/report.bin') {
			response.writeHead(200, {
				'content-type': 'application/octet-stream',
				'content-disposition': 'attachment; filename="report.bin"',
			});
			response.end(randomBytes(DOWNLOAD_BYTES));
			return;
		}
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end('<!doctype html><a id="get" href="/report.bin">report</a>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(executable === null)('the popup without the helper', () => {
	let root = '';
	let browser: ExtensionBrowser | null = null;
	let site: { server: Server; origin: string } | null = null;

	afterAll(async () => {
		await browser?.context.close();
		site?.server.close();
		if (root) await rm(root, { recursive: true, force: true });
	});

	it('ranks the downloads the browser reports and says that is all it can see', async () => {
		root = await makeTestRoot();
		site = await startDownloadSite();
		browser = await launchExtensionBrowser(executable as string, { root, registerHost: false });
		const page = await browser.context.newPage();
		await page.goto(`${site.origin}/`);
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('#get')]);
		await download.path();

		const popup = await browser.context.newPage();
		await popup.setViewportSize({ width: 400, height: 600 });
		await popup.goto(extensionUrl('extension/popup/index.html'));
		await popup.locator('[data-testid="host-state"][data-state="not-installed"]').waitFor();
		expect(await popup.getByTestId('browser-only-note').textContent()).toContain(
			'only your downloads',
		);
		await popup.getByTestId('scan').click();
		const downloads = popup.locator('[data-testid="culprit"][data-key="downloads"]');
		await downloads.waitFor();
		expect(Number(await downloads.getAttribute('data-bytes'))).toBe(DOWNLOAD_BYTES);
		expect(await popup.getByTestId('free-cleanup').count()).toBe(0);
		await popup.locator('.popup').screenshot({ path: 'test-artifacts/popup-without-helper.png' });
	});
});
