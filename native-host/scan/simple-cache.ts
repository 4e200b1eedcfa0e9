import { lstat } from 'node:fs/promises';
import { type FolderEntry, readFolderEntries } from './folder-entries.ts';
import type { HardLinkSet } from './hard-link-set.ts';
import { readFileHead } from './read-browser-file.ts';
import { throwIfCancelled } from './scan-cancelled.ts';
import { SCAN_DEFAULTS } from './scan-defaults.ts';
import { originFromCacheKey } from './site-names.ts';
import { emptyTotals, isVanishedCode, type WalkProblem, type WalkTotals } from './walk-totals.ts';

// Chromium's "simple" disk cache (HTTP cache, code cache, Service Worker scripts) keeps one file
// per entry, "<16 hex digits>_0" (and "_1", "_s"), each starting with a header that holds the
// entry's key: magic (8 bytes), version (4), key length (4), key hash (4), padding (4), key.
// Reading that key attributes every entry to the site it came from.
const ENTRY_FILE = /^[0-9a-f]{16}_[01s]$/;
const MAGIC = Buffer.from([0x30, 0x5c, 0x72, 0xa7, 0x1b, 0x6d, 0xfb, 0xfc]);
const HEADER_BYTES = 24;
const CONCURRENCY = 32;

export interface SimpleCacheMeasure {
	// Totals per site; null holds the index files and entries whose key could not be read.
	sites: Map<string | null, WalkTotals>;
	// Sub-folders (such as index-dir) to be measured as a whole; exactPath as in FolderEntry.
	subfolders: { path: string; exactPath: Buffer | null }[];
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
	let entries: FolderEntry[];
	try {
		const stats = await lstat(dir);
		own.directories += 1;
		own.allocatedBytes += allocatedBytes(stats);
		own.apparentBytes += stats.size;
		entries = await readFolderEntries(dir);
	} catch (error) {
		noteProblem(result, own, dir, error);
		return result;
	}
	for (let start = 0; start < entries.length; start += CONCURRENCY) {
		throwIfCancelled(signal);
		const batch = entries.slice(start, start + CONCURRENCY);
		await Promise.all(batch.map((entry) => measureEntry(entry, hardLinks, result)));
	}
	return result;
}

async function measureEntry(
	entry: FolderEntry,
	hardLinks: HardLinkSet,
	result: SimpleCacheMeasure,
): Promise<void> {
	const { path: file, exactPath } = entry;
	if (entry.isDirectory) {
		result.subfolders.push({ path: file, exactPath });
		return;
	}
	const fallback = result.sites.get(null) as WalkTotals;
	let stats: Awaited<ReturnType<typeof lstat>>;
	try {
		stats = await lstat(exactPath ?? file, { bigint: false });
	} catch (error) {
		noteProblem(result, fallback, file, error);
		return;
	}
	if (stats.isDirectory()) {
		result.subfolders.push({ path: file, exactPath });
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

// The entry's key, read from its header only, without following links and without ever writing.
async function readEntrySite(file: string): Promise<string | null> {
	const head = await readFileHead(file, SCAN_DEFAULTS.cacheEntryHeadBytes);
	if (head === null || head.length < HEADER_BYTES || !head.subarray(0, 8).equals(MAGIC))
		return null;
	const keyLength = head.readUInt32LE(12);
	const key = head.subarray(HEADER_BYTES, Math.min(head.length, HEADER_BYTES + keyLength));
	return originFromCacheKey(key.toString('utf8'));
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
