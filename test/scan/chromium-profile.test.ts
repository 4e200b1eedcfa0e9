import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../native-host/commands/scan.ts';
import type { ScanItem } from '../../shared/commands/scan.ts';
import { COMMANDS } from '../../shared/protocol.ts';
import { chromiumOrFail } from '../support/chromium.ts';
import { fakeScanContext } from './scan-context.ts';

const MB = 1024 * 1024;
const INDEXEDDB_BYTES = 30 * MB;
const CACHE_STORAGE_BYTES = 20 * MB;
const HTTP_CACHE_BYTES = 12 * MB;
const LOCAL_STORAGE_CHARS = 2 * MB;

// Allocated bytes (st_blocks * 512) round every file up to a 4 KiB block and add the browser's
// own bookkeeping (LevelDB logs and manifests, cache indexes, response headers): a few KiB per
// entry. The test writes values of 1 MB or more, so rounding is below 0.4% and bookkeeping below
// 1%; 10% leaves room for a block size of 64 KiB and for Chromium adding metadata, yet still
// catches a category counted twice, or counted for the wrong site.
const TOLERANCE = 0.1;

const executable = chromiumOrFail();

// One origin per port: each test site is its own server on the loopback address.
async function startSite(): Promise<{ server: Server; origin: string }> {
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (url.pathname === '/random') {
			// Incompressible, so Chromium's compression cannot shrink what is measured.
			const cache = url.searchParams.get('cache') === '1';
			response.writeHead(200, {
				'content-type': 'application/octet-stream',
				'cache-control': cache ? 'public, max-age=86400' : 'no-store',
			});
			response.end(randomBytes(Number(url.searchParams.get('bytes'))));
			return;
		}
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end('<!doctype html><title>site</title>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function within(actual: number, expected: number): boolean {
	return Math.abs(actual - expected) <= expected * TOLERANCE;
}

describe.skipIf(executable === null)('a scan of a real Chromium profile', () => {
	const sites: { server: Server; origin: string }[] = [];
	let userDataDir = '';
	let browser: BrowserContext | null = null;
	let whileRunning: Awaited<ReturnType<typeof runScan>> | null = null;
	let afterClose: Awaited<ReturnType<typeof runScan>> | null = null;

	async function runScan() {
		const harness = fakeScanContext();
		const summary = await scan({ userDataDirs: [userDataDir] }, harness.context);
		COMMANDS.scan.reply.parse(summary);
		return { summary, items: harness.items(), largestFrame: harness.largestFrame() };
	}

	beforeAll(async () => {
		for (let index = 0; index < 4; index += 1) sites.push(await startSite());
		userDataDir = await mkdtemp(path.join(tmpdir(), 'safedisk-scan-chromium-'));
		browser = await chromium.launchPersistentContext(userDataDir, {
			executablePath: executable as string,
			headless: true,
			args: [
				'--headless=new',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const page = await browser.newPage();
		const [idbSite, cacheSite, localSite, httpSite] = sites.map((site) => site.origin);

		await page.goto(`${idbSite}/`);
		await page.evaluate(async (total) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open('media', 1);
				request.onupgradeneeded = () => request.result.createObjectStore('chunks');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const chunk = 1024 * 1024;
			for (let index = 0; index < total / chunk; index += 1) {
				const value = new Uint8Array(chunk);
				for (let at = 0; at < chunk; at += 65536)
					crypto.getRandomValues(value.subarray(at, at + 65536));
				await new Promise<void>((resolve, reject) => {
					const transaction = db.transaction('chunks', 'readwrite');
					transaction.objectStore('chunks').put(value, index);
					transaction.oncomplete = () => resolve();
					transaction.onerror = () => reject(transaction.error);
				});
			}
			db.close();
		}, INDEXEDDB_BYTES);

		await page.goto(`${cacheSite}/`);
		await page.evaluate(async (total) => {
			const cache = await caches.open('offline');
			const entry = 4 * 1024 * 1024;
			for (let index = 0; index < total / entry; index += 1) {
				await cache.add(`/random?bytes=${entry}&n=${index}`);
			}
		}, CACHE_STORAGE_BYTES);

		await page.goto(`${localSite}/`);
		await page.evaluate((chars) => {
			const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
			const random = new Uint8Array(chars);
			for (let at = 0; at < chars; at += 65536)
				crypto.getRandomValues(random.subarray(at, at + 65536));
			localStorage.setItem('state', Array.from(random, (byte) => alphabet[byte % 36]).join(''));
		}, LOCAL_STORAGE_CHARS);

		await page.goto(`${httpSite}/`);
		await page.evaluate(async (total) => {
			const entry = 4 * 1024 * 1024;
			for (let index = 0; index < total / entry; index += 1) {
				const response = await fetch(`/random?cache=1&bytes=${entry}&n=${index}`);
				await response.arrayBuffer();
			}
		}, HTTP_CACHE_BYTES);

		whileRunning = await runScan();
		await browser.close();
		browser = null;
		afterClose = await runScan();
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		for (const site of sites) site.server.close();
		if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
	});

	const find = (items: ScanItem[], category: string, site: string | null | undefined) =>
		items.find((item) => item.category === category && item.site === site);

	it('reports the browser as running while it holds the profile, and the scan still works', () => {
		expect(whileRunning?.summary.browsers[0]?.running).toBe('running');
		expect(whileRunning?.items.length).toBeGreaterThan(0);
		expect(afterClose?.summary.browsers[0]?.running).toBe('not-running');
	});

	it('ranks the IndexedDB, CacheStorage and HTTP cache sites by size, biggest first', () => {
		const items = afterClose?.items ?? [];
		const [idbSite, cacheSite, , httpSite] = sites.map((site) => site.origin);
		const ranked = items.filter((item) => item.site !== null).slice(0, 3);
		expect(ranked.map((item) => [item.category, item.site])).toEqual([
			['indexeddb', idbSite],
			['cache-storage', cacheSite],
			['http-cache', httpSite],
		]);
		expect(afterClose?.summary.topItemIds[0]).toBe(ranked[0]?.id);
	});

	it('measures each site within 10% of the bytes written', () => {
		const items = afterClose?.items ?? [];
		const [idbSite, cacheSite, , httpSite] = sites.map((site) => site.origin);
		const checks: [string, string | undefined, number][] = [
			['indexeddb', idbSite, INDEXEDDB_BYTES],
			['cache-storage', cacheSite, CACHE_STORAGE_BYTES],
			['http-cache', httpSite, HTTP_CACHE_BYTES],
		];
		for (const [category, site, written] of checks) {
			const item = find(items, category, site);
			expect(item, `${category} of ${site}`).toBeDefined();
			expect(
				within(item?.allocatedBytes ?? 0, written),
				`${category}: ${item?.allocatedBytes} vs ${written}`,
			).toBe(true);
			expect(
				within(item?.apparentBytes ?? 0, written),
				`${category}: ${item?.apparentBytes} vs ${written}`,
			).toBe(true);
		}
	});

	it('measures Local Storage as a whole, within 10% of the characters stored', () => {
		const item = find(afterClose?.items ?? [], 'local-storage', null);
		expect(item).toBeDefined();
		expect(within(item?.apparentBytes ?? 0, LOCAL_STORAGE_CHARS), `${item?.apparentBytes}`).toBe(
			true,
		);
	});

	it('labels each item with its risk, its consequence and who may delete it', () => {
		const items = afterClose?.items ?? [];
		const [idbSite, cacheSite, , httpSite] = sites.map((site) => site.origin);
		expect(find(items, 'indexeddb', idbSite)).toMatchObject({
			risk: 'high',
			hostDeletable: false,
			browserApi: { dataTypes: ['indexedDB'], origins: [idbSite] },
		});
		expect(find(items, 'cache-storage', cacheSite)).toMatchObject({ risk: 'medium' });
		expect(find(items, 'http-cache', httpSite)).toMatchObject({
			risk: 'low',
			browserApi: { dataTypes: ['cache'], origins: [httpSite] },
		});
		for (const item of items) expect(item.consequence.length).toBeGreaterThan(10);
	});

	it('gives every item the same id in two scans of the same data', () => {
		const before = new Map(
			whileRunning?.items.map((item) => [`${item.category} ${item.site}`, item.id]),
		);
		const idbItem = find(afterClose?.items ?? [], 'indexeddb', sites[0]?.origin);
		expect(before.get(`indexeddb ${sites[0]?.origin}`)).toBe(idbItem?.id);
	});
});
