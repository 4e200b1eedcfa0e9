import type { RankedItem } from '../../extension/scan/scan-run.ts';
import { CATEGORY_RISK, type StorageCategory } from '../../shared/storage-risk.ts';

// A scan item as the helper lists it, with only what a test cares about spelled out.
export function rankedItem(
	category: StorageCategory,
	overrides: Partial<RankedItem> = {},
): RankedItem {
	const risk = CATEGORY_RISK[category];
	const site = overrides.site ?? null;
	return {
		id: `${category}-${site ?? 'all'}-${overrides.profile ?? 'Default'}`,
		scanId: 'scan-1',
		browser: 'chrome',
		browserLabel: 'Google Chrome',
		userDataDir: '/home/ada/.config/google-chrome',
		profile: 'Default',
		profileName: 'Ada',
		category,
		site,
		detail: null,
		allocatedBytes: 1024,
		apparentBytes: 1024,
		files: 1,
		risk: risk.risk,
		consequence: risk.consequence,
		hostDeletable: risk.hostDeletable,
		browserApi:
			risk.browsingData === null
				? null
				: { dataTypes: [...risk.browsingData], origins: site === null ? null : [site] },
		paths: [],
		pathCount: 0,
		...overrides,
	};
}
