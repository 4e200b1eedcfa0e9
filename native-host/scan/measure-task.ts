import type { StorageCategory } from '../../shared/storage-risk.ts';

// One folder or file to measure and the item it counts toward.
export interface MeasureTask {
	// "tree": measured whole; "simple-cache": its entry files are attributed to sites one by one.
	kind: 'tree' | 'simple-cache';
	path: string;
	// The browser folder the path lies in: the user-data folder or its cache folder.
	root: string;
	category: StorageCategory;
	site: string | null;
	// Tells apart items of one category and site, such as two unrecognised folders.
	part: string | null;
	detail: string | null;
}

export function task(
	path: string,
	root: string,
	category: StorageCategory,
	extra: Partial<Pick<MeasureTask, 'kind' | 'site' | 'part' | 'detail'>> = {},
): MeasureTask {
	return {
		kind: extra.kind ?? 'tree',
		path,
		root,
		category,
		site: extra.site ?? null,
		part: extra.part ?? null,
		detail: extra.detail ?? null,
	};
}
