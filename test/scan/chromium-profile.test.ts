import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../native-host/commands/scan.ts';
import type { ScanItem } from '../../shared/commands/scan.ts';
import { COMMANDS } from '../../shared/protocol.ts';
import { chromiumOrFail, HEADLESS_ARGS } from '../support/chromium.ts';
import {
	type LoopbackSite,
	startSite,
	stopSites,
	storeCacheStorage,
	storeHttpCache,
	storeIndexedDb,
	storeLocalStorage,
} from '../support/real-profile.ts';
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

function within(actual: number, expected: number): boolean {
	return Math.abs(actual - expected) <= expected * TOLERANCE;
}

describe.skipIf(executable === null)('a scan of a real Chromium profile', () => {
	const sites: LoopbackSite[] = [];
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
			args: [...HEADLESS_ARGS],
		});
		const page = await browser.newPage();
		const [idbSite, cacheSite, localSite, httpSite] = sites as [
			LoopbackSite,
			LoopbackSite,
			LoopbackSite,
			LoopbackSite,
		];
		await storeIndexedDb(page, idbSite, INDEXEDDB_BYTES);
		await storeCacheStorage(page, cacheSite, CACHE_STORAGE_BYTES);
		await storeLocalStorage(page, localSite, LOCAL_STORAGE_CHARS);
		await storeHttpCache(page, httpSite, HTTP_CACHE_BYTES);

		whileRunning = await runScan();
		await browser.close();
		browser = null;
		afterClose = await runScan();
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await stopSites(sites);
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
