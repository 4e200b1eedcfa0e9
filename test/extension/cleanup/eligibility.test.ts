import { describe, expect, it } from 'vitest';
import {
	freeCleanupCandidates,
	freeCleanupEligibility,
	hostRouteBlocked,
	withoutHostRoute,
} from '../../../extension/cleanup/eligibility.ts';
import { findOwnProfile } from '../../../extension/cleanup/own-profile.ts';
import type { OwnProfile } from '../../../extension/scan/scan-run.ts';
import { rankedItem } from '../items.ts';

const ID = 'lliijecdkledcfemcpmgfegalglgbedd';
const own: OwnProfile = {
	kind: 'found',
	userDataDir: '/home/ada/.config/google-chrome',
	profile: 'Default',
};
const site = 'https://video.example';

function browserRow(userDataDir: string, running: 'running' | 'not-running' | 'unknown') {
	return {
		browser: 'chrome',
		label: 'Google Chrome',
		userDataDir,
		running,
		allocatedBytes: 1,
		quotaDatabase: 'ok' as const,
		profiles: [],
		profilesOmitted: 0,
	};
}

describe('which profile the extension runs in', () => {
	const marker = (userDataDir: string, profile: string) =>
		rankedItem('extension', { userDataDir, profile, site: `chrome-extension://${ID}` });

	it('is the one profile holding SafeDisk’s own extension storage', () => {
		const items = [marker('/a', 'Default'), rankedItem('http-cache', { site })];
		expect(findOwnProfile(items, [browserRow('/a', 'running')], ID)).toEqual({
			kind: 'found',
			userDataDir: '/a',
			profile: 'Default',
		});
	});

	it('ignores a browser folder that is not running and refuses to guess between two', () => {
		const items = [marker('/a', 'Default'), marker('/b', 'Profile 1')];
		expect(findOwnProfile(items, [browserRow('/a', 'not-running')], ID)).toMatchObject({
			kind: 'found',
			userDataDir: '/b',
		});
		expect(findOwnProfile(items, [], ID)).toEqual({ kind: 'ambiguous', count: 2 });
		expect(findOwnProfile([], [], ID)).toEqual({ kind: 'not-found' });
	});
});

describe('the free cleanup', () => {
	it('clears a site’s cache in this profile through the browser, with the site as filter', () => {
		expect(freeCleanupEligibility(rankedItem('http-cache', { site }), own)).toEqual({
			eligible: true,
			route: { kind: 'browsing-data', dataTypes: ['cache'], origins: [site] },
		});
	});

	it('lets the helper delete crash reports of any browser folder', () => {
		const item = rankedItem('crash-reports', { userDataDir: '/elsewhere', profile: null });
		expect(freeCleanupEligibility(item, own)).toEqual({ eligible: true, route: { kind: 'host' } });
	});

	it('says why another profile’s cache, a whole-profile cache or a risky item is not offered', () => {
		const other = freeCleanupEligibility(
			rankedItem('http-cache', { site, profile: 'Profile 2' }),
			own,
		);
		expect(other).toMatchObject({ eligible: false });
		expect(other.eligible ? '' : other.why).toMatch(/only the profile SafeDisk runs in/);
		const whole = freeCleanupEligibility(rankedItem('http-cache'), own);
		expect(whole.eligible ? '' : whole.why).toMatch(/every site/);
		const risky = freeCleanupEligibility(rankedItem('indexeddb', { site }), own);
		expect(risky).toEqual({ eligible: false, why: 'Only low-risk items are free.' });
		const unknown = freeCleanupEligibility(rankedItem('http-cache', { site }), {
			kind: 'not-found',
		});
		expect(unknown.eligible ? '' : unknown.why).toMatch(/did not find that profile/);
	});

	it('lists free items biggest first, then the biggest that cannot be freed, never risky ones', () => {
		const items = [
			rankedItem('indexeddb', { site, allocatedBytes: 900 }),
			rankedItem('http-cache', { site: 'https://a.example', allocatedBytes: 50, profile: 'Other' }),
			rankedItem('crash-reports', { allocatedBytes: 20, profile: null }),
			rankedItem('http-cache', { site, allocatedBytes: 30 }),
		];
		const listed = freeCleanupCandidates(items, own).map(({ item, eligibility }) => [
			item.category,
			item.allocatedBytes,
			eligibility.eligible,
		]);
		expect(listed).toEqual([
			['http-cache', 30, true],
			['crash-reports', 20, true],
			['http-cache', 50, false],
		]);
	});
});

describe('a saved run of an earlier popup', () => {
	const scannedAt = '2026-12-04T10:00:00.000Z';
	const minutesLater = (minutes: number) => Date.parse(scannedAt) + minutes * 60_000;

	it('frees a browser-wide folder through this popup’s helper for 15 minutes after the scan', () => {
		expect(hostRouteBlocked({ scannedAt }, false, true, minutesLater(14))).toBeNull();
		expect(hostRouteBlocked({ scannedAt }, false, true, minutesLater(16))).toMatch(/15 minutes/);
		// This popup's own run keeps the connections that scanned it.
		expect(hostRouteBlocked({ scannedAt }, true, false, minutesLater(16))).toBeNull();
	});

	it('offers no helper deletion while the helper is not connected', () => {
		expect(hostRouteBlocked({ scannedAt }, false, false, minutesLater(1))).toMatch(/not connected/);
	});

	it('keeps the browser’s own cleanup of a site cache, which needs no helper', () => {
		const siteCache = {
			item: rankedItem('http-cache', { site }),
			eligibility: freeCleanupEligibility(rankedItem('http-cache', { site }), own),
		};
		const crash = rankedItem('crash-reports', { profile: null });
		const helperOnly = { item: crash, eligibility: freeCleanupEligibility(crash, own) };
		expect(withoutHostRoute(siteCache, 'no helper')).toEqual(siteCache);
		expect(withoutHostRoute(helperOnly, 'no helper').eligibility).toEqual({
			eligible: false,
			why: 'no helper',
		});
	});
});
