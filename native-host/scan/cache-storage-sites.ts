import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { readTopLevelStrings } from './protobuf-strings.ts';
import { identifierFromOrigin, originFromStorageKey, originFromUrl } from './site-names.ts';

// Chromium 156 keeps each site's Service Worker caches in
// "Service Worker/CacheStorage/<sha1 of the origin identifier>/", for example
// sha1("https_example.com_0"); a "-<n>" suffix marks caches owned by other features
// (background fetch). The folder's index.txt, a protocol buffer, names the storage key (field 3)
// and the origin (field 2). The index is written lazily, so the hash is the fallback.
const INDEX_ORIGIN_FIELD = 2;
const INDEX_STORAGE_KEY_FIELD = 3;
const MAX_INDEX_BYTES = 1024 * 1024;

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
): Promise<string | null> {
	const fromIndex = await siteFromIndex(path.join(folder, 'index.txt'));
	return fromIndex ?? knownFolders.get(path.basename(folder)) ?? null;
}

async function siteFromIndex(indexPath: string): Promise<string | null> {
	let bytes: Uint8Array;
	try {
		const handle = await open(indexPath, 'r');
		try {
			const { size } = await handle.stat();
			const buffer = Buffer.alloc(Math.min(size, MAX_INDEX_BYTES));
			const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
			bytes = buffer.subarray(0, bytesRead);
		} finally {
			await handle.close();
		}
	} catch {
		return null;
	}
	const fields = readTopLevelStrings(bytes);
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
