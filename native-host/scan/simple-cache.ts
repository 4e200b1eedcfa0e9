import type { Dirent } from 'node:fs';
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import type { HardLinkSet } from './hard-link-set.ts';
import { originFromCacheKey } from './site-names.ts';
import { emptyTotals, isVanishedCode, type WalkProblem, type WalkTotals } from './walk-totals.ts';

// Chromium's "simple" disk cache (HTTP cache, code cache, Service Worker scripts) keeps one file
// per entry, "<16 hex digits>_0" (and "_1", "_s"), each starting with a header that holds the
// entry's key: magic (8 bytes), version (4), key length (4), key hash (4), padding (4), key.
// Reading that key attributes every entry to the site it came from.
const ENTRY_FILE = /^[0-9a-f]{16}_[01s]$/;
const MAGIC = Buffer.from([0x30, 0x5c, 0x72, 0xa7, 0x1b, 0x6d, 0xfb, 0xfc]);
const HEADER_BYTES = 24;
const MAX_KEY_BYTES = 4096;
const CONCURRENCY = 32;
// Never follow a link swapped in after the lstat (O_NOFOLLOW does not exist on Windows).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export interface SimpleCacheMeasure {
	// Totals per site; null holds the index files and entries whose key could not be read.
	sites: Map<string | null, WalkTotals>;
	// Sub-folders (such as index-dir) to be measured as a whole.
	subfolders: string[];
	problems: WalkProblem[];
}

export async function measureSimpleCache(
	dir: string,
	hardLinks: HardLinkSet,
	signal?: AbortSignal,
): Promise<SimpleCacheMeasure> {
	const result: SimpleCacheMeasure = { sites: new Map(), subfolders: [], problems: [] };
	const own = emptyTotals();
	result.sites.set(null, own);
	let entries: Dirent[];
	try {
		const stats = await lstat(dir);
		own.directories += 1;
		own.allocatedBytes += allocatedBytes(stats);
		own.apparentBytes += stats.size;
		entries = await readdir(dir, { withFileTypes: true });
	} catch (error) {
		noteProblem(result, own, dir, error);
		return result;
	}
	for (let start = 0; start < entries.length; start += CONCURRENCY) {
		if (signal?.aborted) throw new SafeDiskError('E_CANCELLED', 'The scan was cancelled.');
		const batch = entries.slice(start, start + CONCURRENCY);
		await Promise.all(batch.map((entry) => measureEntry(dir, entry, hardLinks, result)));
	}
	return result;
}

async function measureEntry(
	dir: string,
	entry: Dirent,
	hardLinks: HardLinkSet,
	result: SimpleCacheMeasure,
): Promise<void> {
	const file = path.join(dir, entry.name);
	if (entry.isDirectory()) {
		result.subfolders.push(file);
		return;
	}
	const fallback = result.sites.get(null) as WalkTotals;
	let stats: Awaited<ReturnType<typeof lstat>>;
	try {
		stats = await lstat(file, { bigint: false });
	} catch (error) {
		noteProblem(result, fallback, file, error);
		return;
	}
	if (stats.isDirectory()) {
		result.subfolders.push(file);
		return;
	}
	if (stats.nlink > 1 && !hardLinks.firstSighting(`${stats.dev}:${stats.ino}`, stats.nlink)) return;
	const site = stats.isFile() && ENTRY_FILE.test(entry.name) ? await readEntrySite(file) : null;
	let totals = result.sites.get(site);
	if (!totals) {
		totals = emptyTotals();
		result.sites.set(site, totals);
	}
	if (stats.isSymbolicLink()) totals.symlinks += 1;
	else totals.files += 1;
	totals.allocatedBytes += allocatedBytes(stats);
	totals.apparentBytes += stats.size;
}

// Where the system reports no blocks (some Windows file systems), whole 4 KiB clusters.
function allocatedBytes(stats: { blocks: number; size: number }): number {
	const noBlocks = process.platform === 'win32' && !(stats.blocks > 0);
	return noBlocks ? Math.ceil(stats.size / 4096) * 4096 : stats.blocks * 512;
}

// The entry's key, read without following links and without ever writing.
async function readEntrySite(file: string): Promise<string | null> {
	try {
		const handle = await open(file, READ_FLAGS);
		try {
			const buffer = Buffer.alloc(HEADER_BYTES + MAX_KEY_BYTES);
			const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
			if (bytesRead < HEADER_BYTES || !buffer.subarray(0, 8).equals(MAGIC)) return null;
			const keyLength = Math.min(buffer.readUInt32LE(12), MAX_KEY_BYTES);
			const key = buffer.subarray(HEADER_BYTES, Math.min(bytesRead, HEADER_BYTES + keyLength));
			return originFromCacheKey(key.toString('utf8'));
		} finally {
			await handle.close();
		}
	} catch {
		return null;
	}
}

function noteProblem(
	result: SimpleCacheMeasure,
	totals: WalkTotals,
	file: string,
	error: unknown,
): void {
	const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
	const kind = isVanishedCode(code) ? 'vanished' : 'unreadable';
	totals[kind] += 1;
	if (result.problems.length < 16) result.problems.push({ path: file, code, kind });
}
