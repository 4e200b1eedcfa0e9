import { createHash } from 'node:crypto';
import path from 'node:path';
import { readTopLevelStrings } from './protobuf-strings.ts';
import { type ReadContext, readBrowserFile } from './read-browser-file.ts';
import { SCAN_DEFAULTS } from './scan-defaults.ts';
import { identifierFromOrigin, originFromStorageKey, originFromUrl } from './site-names.ts';

// Chromium 156 keeps each site's Service Worker caches in
// "Service Worker/CacheStorage/<sha1 of the origin identifier>/", for example
// sha1("https_example.com_0"); a "-<n>" suffix marks caches owned by other features
// (background fetch). The folder's index.txt, a protocol buffer, names the storage key (field 3)
// and the origin (field 2). The index is written lazily, so the hash is the fallback.
const INDEX_ORIGIN_FIELD = 2;
const INDEX_STORAGE_KEY_FIELD = 3;

export function cacheStorageFolderName(origin: string, owner = 0): string | null {
	const identifier = identifierFromOrigin(origin);
	if (identifier === null) return null;
	const text = owner === 0 ? identifier : `${identifier}-${owner}`;
	return createHash('sha1').update(text).digest('hex');
}

// Folder name -> origin for every origin the profile is known to hold data for.
export function cacheStorageFolderIndex(origins: Iterable<string>): Map<string, string> {
	const index = new Map<string, string>();
	for (const origin of origins) {
		for (const owner of [0, 1]) {
			const name = cacheStorageFolderName(origin, owner);
			if (name !== null) index.set(name, origin);
		}
	}
	return index;
}

// The site a CacheStorage folder belongs to, or null when neither its index nor its name tells.
export async function cacheStorageFolderSite(
	folder: string,
	knownFolders: ReadonlyMap<string, string>,
	context: ReadContext = {},
): Promise<string | null> {
	const fromIndex = await siteFromIndex(path.join(folder, 'index.txt'), context);
	return fromIndex ?? knownFolders.get(path.basename(folder)) ?? null;
}

async function siteFromIndex(indexPath: string, context: ReadContext): Promise<string | null> {
	const read = await readBrowserFile(indexPath, SCAN_DEFAULTS.cacheStorageIndexBytes, context);
	if (read.status !== 'ok') return null;
	const fields = readTopLevelStrings(read.bytes);
	for (const key of fields.get(INDEX_STORAGE_KEY_FIELD) ?? []) {
		const origin = originFromStorageKey(key);
		if (origin !== null) return origin;
	}
	for (const origin of fields.get(INDEX_ORIGIN_FIELD) ?? []) {
		const parsed = originFromUrl(origin);
		if (parsed !== null) return parsed;
	}
	return null;
}
