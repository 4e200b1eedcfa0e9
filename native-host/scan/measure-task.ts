import type { StorageCategory } from '../../shared/storage-risk.ts';
import type { FolderEntry } from './folder-entries.ts';

// One folder or file to measure and the item it counts toward.
export interface MeasureTask {
	// "tree": measured whole; "simple-cache": its entry files are attributed to sites one by one.
	kind: 'tree' | 'simple-cache';
	// The path as text; when a name on it is not valid UTF-8, `exactPath` holds the real bytes.
	path: string;
	exactPath: Buffer | null;
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
	extra: Partial<Pick<MeasureTask, 'kind' | 'site' | 'part' | 'detail' | 'exactPath'>> = {},
): MeasureTask {
	return {
		kind: extra.kind ?? 'tree',
		path,
		exactPath: extra.exactPath ?? null,
		root,
		category,
		site: extra.site ?? null,
		part: extra.part ?? null,
		detail: extra.detail ?? null,
	};
}

// The task for one listed entry, measured whole. An entry whose name is not valid UTF-8 is
// measured by its exact bytes.
export function entryTask(
	entry: FolderEntry,
	root: string,
	category: StorageCategory,
	extra: Partial<Pick<MeasureTask, 'site' | 'part' | 'detail'>> = {},
): MeasureTask {
	return task(entry.path, root, category, { ...extra, exactPath: entry.exactPath });
}
