import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEEP_CLEANUP_RULE, decideDeepCleanupOffer } from '../../shared/deep-cleanup.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('the Deep Cleanup offer', () => {
	it('appears when at least 1 GiB is still reclaimable, whatever the disk', () => {
		expect(decideDeepCleanupOffer({ reclaimableBytes: GiB, diskUsedPercent: 10 })).toEqual({
			offer: true,
			reason: 'much-reclaimable',
		});
	});

	it('appears on a disk at least 90% full when at least 256 MiB is still reclaimable', () => {
		expect(decideDeepCleanupOffer({ reclaimableBytes: 256 * MiB, diskUsedPercent: 90 }).offer).toBe(
			true,
		);
		expect(
			decideDeepCleanupOffer({ reclaimableBytes: 256 * MiB, diskUsedPercent: 89.9 }).offer,
		).toBe(false);
	});

	it('stays hidden when too little is left to be worth paying for', () => {
		expect(decideDeepCleanupOffer({ reclaimableBytes: 255 * MiB, diskUsedPercent: 99 })).toEqual({
			offer: false,
			reason: 'little-left',
		});
		expect(decideDeepCleanupOffer({ reclaimableBytes: GiB - 1, diskUsedPercent: null }).offer).toBe(
			false,
		);
	});

	it('is stated in the README with the same numbers', () => {
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		expect(DEEP_CLEANUP_RULE.minReclaimableBytes).toBe(GiB);
		expect(DEEP_CLEANUP_RULE.minReclaimableOnFullDiskBytes).toBe(256 * MiB);
		expect(readme).toContain(
			`at least 1 GiB is still reclaimable, or the disk is at least ${DEEP_CLEANUP_RULE.fullDiskUsedPercent}% full and at least 256 MiB is still reclaimable`,
		);
	});
});
