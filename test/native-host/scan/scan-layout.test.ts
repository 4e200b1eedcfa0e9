import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserInstall } from '../../../native-host/scan/installs.ts';
import type { ScanItemRecord } from '../../../native-host/scan/scan-items.ts';
import { runScan, type ScanResult } from '../../../native-host/scan/scan-run.ts';
import { EXTENSION_ID, makeSyntheticUserData } from './synthetic-profile.ts';

describe('sorting a profile into categories and sites', () => {
	let base = '';
	let install: BrowserInstall;
	let result: ScanResult;
	const item = (category: string, site: string | null = null, profile: string | null = 'Default') =>
		result.items.find(
			(entry) => entry.category === category && entry.site === site && entry.profile === profile,
		);

	// Folders add their own few KiB (du -b counts them too); the files' bytes are exact.
	const near = (expected: number) => ({
		asymmetricMatch: (actual: number) => actual >= expected && actual < expected + 32 * 1024,
		toString: () => `about ${expected}`,
	});

	beforeAll(async () => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-layout-'));
		const { userDataDir, cacheRoot } = await makeSyntheticUserData(base);
		install = { browser: 'chromium', label: 'Chromium', userDataDir, cacheRoots: [cacheRoot] };
		result = await runScan({ installs: [install], platform: 'linux' });
	});
	afterAll(() => rmSync(base, { recursive: true, force: true }));

	it('finds the profiles with their names and sees the browser running', () => {
		const [report] = result.installs;
		expect(report?.profiles.map((profile) => [profile.dir, profile.name])).toEqual([
			['Default', 'Work'],
			['Profile 3', 'Home'],
		]);
		expect(report?.running.state).toBe('running');
	});

	it('names the site of IndexedDB folders, CacheStorage folders, buckets and File System folders', () => {
		expect(item('indexeddb', 'https://mail.example')?.apparentBytes).toEqual(near(300_000));
		// Found by the hash of the origin the QuotaManager database lists.
		expect(item('cache-storage', 'https://news.example')?.apparentBytes).toEqual(near(300_000));
		// Found by the storage key in the folder's index.txt.
		expect(item('cache-storage', 'https://docs.example')?.apparentBytes).toEqual(near(120_000));
		expect(item('indexeddb', 'https://docs.example')).toMatchObject({
			detail: 'bucket "drafts"',
			apparentBytes: near(50_000),
		});
		expect(item('file-system', 'https://files.example')?.apparentBytes).toEqual(near(80_000));
	});

	it('attributes HTTP and code cache entries to sites, in the profile and in the cache folder', () => {
		const video = item('http-cache', 'https://video.example') as ScanItemRecord;
		expect(video.apparentBytes).toBeGreaterThan(500_000);
		expect(video.locations).toEqual([
			{
				path: path.join(install.userDataDir, 'Default', 'Cache', 'Cache_Data'),
				root: install.userDataDir,
				whole: false,
			},
		]);
		const cdn = item('http-cache', 'https://cdn.example') as ScanItemRecord;
		expect(cdn.locations[0]?.root).toBe(install.cacheRoots[0]);
		expect(item('code-cache', 'https://shop.example')?.apparentBytes).toBeGreaterThan(60_000);
	});

	it('separates the running extension version from older ones left behind', () => {
		const site = `chrome-extension://${EXTENSION_ID}`;
		expect(item('extension', site)?.apparentBytes).toBeGreaterThanOrEqual(30_000);
		expect(item('extension-old-version', site)).toMatchObject({
			detail: 'version 1.0.0_0',
			risk: 'low',
		});
	});

	it('reports folders it does not know, from a newer browser, as "other" under their own names', () => {
		expect(item('other', null)).toMatchObject({
			detail: 'Future Feature Store',
			apparentBytes: near(40_000),
		});
		expect(item('other', null, null)).toMatchObject({
			detail: 'NewThing2030',
			risk: 'high',
			hostDeletable: false,
		});
	});

	it('lets the host delete only regenerable browser-wide folders', () => {
		expect(item('on-device-model', null, null)).toMatchObject({
			hostDeletable: true,
			risk: 'medium',
		});
		expect(item('shader-cache', null, null)?.hostDeletable).toBe(true);
		expect(item('crash-reports', null, null)?.hostDeletable).toBe(true);
		const deletable = result.items
			.filter((entry) => entry.hostDeletable)
			.map((entry) => entry.category);
		expect(new Set(deletable)).toEqual(
			new Set(['on-device-model', 'shader-cache', 'crash-reports']),
		);
		expect(item('local-storage', null, 'Profile 3')).toMatchObject({
			hostDeletable: false,
			browserApi: { dataTypes: ['localStorage'], origins: null },
		});
	});

	it('ranks the biggest item first and gives the same ids on a second scan', async () => {
		expect(result.items[0]?.category).toBe('on-device-model');
		const sizes = result.items.map((entry) => entry.allocatedBytes);
		expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
		const again = await runScan({ installs: [install], platform: 'linux' });
		expect(again.items.map((entry) => entry.id).sort()).toEqual(
			result.items.map((entry) => entry.id).sort(),
		);
		expect(new Set(result.items.map((entry) => entry.id)).size).toBe(result.items.length);
	});
});
