// When the popup offers the paid Deep Cleanup. One rule, stated in the README and tested: the
// offer appears only when meaningful space is still reclaimable after the free cleanup.
export const DEEP_CLEANUP_RULE = {
	// Still reclaimable (any risk) after the free cleanup: worth a deeper look on any disk.
	minReclaimableBytes: 1024 ** 3,
	// A nearly full disk makes a smaller amount worth it...
	fullDiskUsedPercent: 90,
	// ...but never an amount too small to matter.
	minReclaimableOnFullDiskBytes: 256 * 1024 ** 2,
} as const;

export interface DeepCleanupInput {
	// Bytes the latest scan still lists as reclaimable, after what was freed.
	reclaimableBytes: number;
	// Used percentage of the disk that holds the browser profile, measured after the cleanup.
	diskUsedPercent: number | null;
}

export interface DeepCleanupOffer {
	offer: boolean;
	reason: 'much-reclaimable' | 'disk-nearly-full' | 'little-left';
}

export function decideDeepCleanupOffer(input: DeepCleanupInput): DeepCleanupOffer {
	const rule = DEEP_CLEANUP_RULE;
	if (input.reclaimableBytes >= rule.minReclaimableBytes)
		return { offer: true, reason: 'much-reclaimable' };
	if (
		input.diskUsedPercent !== null &&
		input.diskUsedPercent >= rule.fullDiskUsedPercent &&
		input.reclaimableBytes >= rule.minReclaimableOnFullDiskBytes
	) {
		return { offer: true, reason: 'disk-nearly-full' };
	}
	return { offer: false, reason: 'little-left' };
}
