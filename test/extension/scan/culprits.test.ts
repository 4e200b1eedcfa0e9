import { describe, expect, it } from 'vitest';
import { rankCulprits } from '../../../extension/scan/culprits.ts';
import { reclaimableBytes } from '../../../extension/scan/scan-run.ts';
import { rankedItem } from '../items.ts';

describe('the ranking', () => {
	it('groups a profile’s sites by kind of storage and puts the biggest culprit first', () => {
		const culprits = rankCulprits(
			[
				rankedItem('http-cache', { site: 'https://a.example', allocatedBytes: 10 }),
				rankedItem('indexeddb', { site: 'https://b.example', allocatedBytes: 25 }),
				rankedItem('http-cache', { site: 'https://c.example', allocatedBytes: 20 }),
			],
			[],
		);
		expect(culprits.map((culprit) => [culprit.label, culprit.bytes])).toEqual([
			['HTTP cache', 30],
			['IndexedDB', 25],
		]);
		expect(culprits[0]?.entries.map((entry) => entry.label)).toEqual([
			'https://c.example',
			'https://a.example',
		]);
	});

	it('merges downloads as one high-risk culprit counting only files still on disk', () => {
		const culprits = rankCulprits(
			[rankedItem('http-cache', { site: 'https://a.example', allocatedBytes: 10 })],
			[
				{ id: 1, fileName: 'movie.mkv', bytes: 500, exists: true },
				{ id: 2, fileName: 'old.iso', bytes: 900, exists: false },
			],
		);
		expect(culprits[0]).toMatchObject({ label: 'Downloads', bytes: 500, risk: 'high' });
		expect(culprits[0]?.entries.map((entry) => entry.note)).toEqual([
			null,
			'file no longer on disk',
		]);
	});

	it('leaves out what a cleanup emptied', () => {
		expect(rankCulprits([rankedItem('http-cache', { allocatedBytes: 0 })], [])).toEqual([]);
	});

	it('counts downloads on disk as reclaimable, next to what the helper scans list', () => {
		const totals = { allocatedBytes: 0, reclaimableBytes: 100, items: 1 };
		const summary = {
			byRisk: { low: totals, medium: totals, high: { ...totals, reclaimableBytes: 0 } },
		};
		const run = {
			parts: [{ source: 'discovered' as const, scanId: 's', summary: summary as never }],
			downloads: [
				{ id: 1, fileName: 'a', bytes: 7, exists: true },
				{ id: 2, fileName: 'b', bytes: 9, exists: false },
			],
		};
		expect(reclaimableBytes(run)).toBe(207);
	});
});
