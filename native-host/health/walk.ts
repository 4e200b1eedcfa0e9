import { type Dirent, lstatSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';
import { TimeSlice } from './time-slice.ts';

export interface WalkEntry {
	name: string;
	path: string;
	// null when lstat was skipped (a name the caller does not need) or failed.
	stat: Stats | null;
	isDirectory: boolean;
	isSymlink: boolean;
}

export interface DirectoryListing {
	path: string;
	depth: number;
	device: number;
	entries: WalkEntry[];
}

export interface WalkError {
	path: string;
	code: string;
	message: string;
}

export interface WalkOptions {
	depth: number;
	maxEntries: number;
	signal?: AbortSignal | undefined;
	// Whether an entry needs its lstat figures (lock candidates, or entries that may carry a
	// kernel lock on this device). Directories are always stat'ed.
	needsStat(name: string, device: number): boolean;
	// Returns the subdirectories to walk into; lock directories are judged, not walked.
	visit(listing: DirectoryListing): Promise<string[]>;
}

export interface WalkResult {
	entriesSeen: number;
	truncated: boolean;
	errors: WalkError[];
}

// Breadth-first and bounded in depth and entries. Symlinks are never followed, and a directory
// seen twice (a bind mount of an ancestor) is walked once, so no layout can make it loop.
export async function walkLockTree(root: string, options: WalkOptions): Promise<WalkResult> {
	const slice = new TimeSlice(options.signal);
	const rootStat = lstatSync(root);
	const seen = new Set<string>([`${rootStat.dev}:${rootStat.ino}`]);
	const queue: Array<{ dir: string; depth: number; device: number }> = [
		{ dir: root, depth: 0, device: rootStat.dev },
	];
	const result: WalkResult = { entriesSeen: 0, truncated: false, errors: [] };
	for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
		options.signal?.throwIfAborted();
		let dirents: Dirent[];
		try {
			dirents = readdirSync(next.dir, { withFileTypes: true });
		} catch (error) {
			// A subdirectory removed while the walk went on held no lock worth reporting.
			if ((error as NodeJS.ErrnoException).code === 'ENOENT' && next.depth > 0) continue;
			result.errors.push(walkError(next.dir, error));
			continue;
		}
		const room = options.maxEntries - result.entriesSeen;
		if (dirents.length > room) {
			result.truncated = true;
			dirents = dirents.slice(0, Math.max(0, room));
		}
		result.entriesSeen += dirents.length;
		const entries = await statEntries(next.dir, dirents, next.device, options, result, slice);
		const listing = { path: next.dir, depth: next.depth, device: next.device, entries };
		const descend = await options.visit(listing);
		if (next.depth >= options.depth) continue;
		const byPath = new Map(entries.map((entry) => [entry.path, entry]));
		for (const child of descend) {
			const entry = byPath.get(child);
			if (!entry?.stat || !entry.isDirectory) continue;
			const key = `${entry.stat.dev}:${entry.stat.ino}`;
			if (seen.has(key)) continue;
			seen.add(key);
			queue.push({ dir: child, depth: next.depth + 1, device: entry.stat.dev });
		}
		if (result.truncated) break;
	}
	return result;
}

async function statEntries(
	dir: string,
	dirents: Dirent[],
	device: number,
	options: WalkOptions,
	result: WalkResult,
	slice: TimeSlice,
): Promise<WalkEntry[]> {
	const entries: WalkEntry[] = [];
	for (const dirent of dirents) {
		const entry: WalkEntry = {
			name: dirent.name,
			path: path.join(dir, dirent.name),
			stat: null,
			isDirectory: dirent.isDirectory(),
			isSymlink: dirent.isSymbolicLink(),
		};
		entries.push(entry);
		const undecodable = entry.name.includes('\uFFFD');
		if (!entry.isDirectory && !undecodable && !options.needsStat(entry.name, device)) continue;
		try {
			entry.stat = lstatSync(entry.path);
			entry.isDirectory = entry.stat.isDirectory();
			entry.isSymlink = entry.stat.isSymbolicLink();
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			// A name that is not valid UTF-8 was changed by decoding and cannot be found again:
			// say so rather than pass over a possible lock in silence.
			if (code === 'ENOENT' && entry.name.includes('\uFFFD')) {
				result.errors.push({
					path: entry.path,
					code: 'EILSEQ',
					message: 'The name is not valid UTF-8; SafeDisk cannot check this entry.',
				});
			} else if (code !== 'ENOENT') {
				// Removed between readdir and lstat: a released lock, not an error.
				result.errors.push(walkError(entry.path, error));
			}
		}
		await slice.pause();
	}
	return entries;
}

function walkError(target: string, error: unknown): WalkError {
	const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
	return { path: target, code, message: (error as Error).message };
}
