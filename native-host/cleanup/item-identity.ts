import { lstat, realpath } from 'node:fs/promises';
import { readLatestScan } from '../scan/latest-scan.ts';

// What a path was when the scan listed it: its device and inode, and where it really led.
export interface PathIdentity {
	dev: number;
	ino: number;
	// Inode numbers are reused at once on many filesystems; the entry type tells a folder that was
	// replaced by a file of the same inode apart from the folder itself.
	directory: boolean;
	// Birth time where the filesystem keeps one (0 elsewhere): an inode number freed by a deletion
	// and given at once to a new folder of the same name does not pass for the old one.
	born: number;
	real: string;
}

const IDENTITIES_KEY = 'scan:deletable-identities';

interface StoredIdentities {
	scanId: string;
	byPath: Map<string, PathIdentity>;
}

export async function identify(target: string): Promise<PathIdentity | null> {
	try {
		const [info, real] = await Promise.all([lstat(target), realpath(target)]);
		return {
			dev: info.dev,
			ino: info.ino,
			directory: info.isDirectory(),
			born: info.birthtimeMs,
			real,
		};
	} catch {
		return null;
	}
}

// Records, right after a scan, the identity of every host-deletable item and of the browser
// folder it lies in, so a folder swapped for another (or for a symlink) is noticed at deletion.
export async function rememberDeletableIdentities(memory: Map<string, unknown>): Promise<void> {
	const latest = readLatestScan(memory);
	if (!latest) return;
	const byPath = new Map<string, PathIdentity>();
	for (const item of latest.items.values()) {
		if (!item.hostDeletable) continue;
		for (const location of item.locations) {
			for (const target of [location.root, location.path]) {
				if (byPath.has(target)) continue;
				const identity = await identify(target);
				if (identity) byPath.set(target, identity);
			}
		}
	}
	memory.set(IDENTITIES_KEY, { scanId: latest.scanId, byPath } satisfies StoredIdentities);
}

// The identities recorded for a scan, to be kept beyond this connection.
export function deletableIdentities(
	memory: Map<string, unknown>,
	scanId: string,
): Map<string, PathIdentity> | null {
	const stored = memory.get(IDENTITIES_KEY) as StoredIdentities | undefined;
	return stored?.scanId === scanId ? stored.byPath : null;
}

export function restoreIdentities(
	memory: Map<string, unknown>,
	scanId: string,
	byPath: Map<string, PathIdentity>,
): void {
	memory.set(IDENTITIES_KEY, { scanId, byPath } satisfies StoredIdentities);
}

export function recordedIdentity(
	memory: Map<string, unknown>,
	scanId: string,
	target: string,
): PathIdentity | null {
	return deletableIdentities(memory, scanId)?.get(target) ?? null;
}

// The same entry, wherever it now is.
export function sameEntry(a: PathIdentity | null, b: PathIdentity | null): boolean {
	return (
		a !== null &&
		b !== null &&
		a.dev === b.dev &&
		a.ino === b.ino &&
		a.directory === b.directory &&
		a.born === b.born
	);
}

// The same entry at the same real path.
export function sameIdentity(a: PathIdentity | null, b: PathIdentity | null): boolean {
	return sameEntry(a, b) && a?.real === b?.real;
}
