import type { Stats } from 'node:fs';
import path from 'node:path';
import { HEALTH_DEFAULTS } from './defaults.ts';
import type { KernelLockTable } from './kernel-locks.ts';
import { baseCandidate, type LockCandidate } from './lock-candidate.ts';
import {
	isSafeDiskRecoveryName,
	isSafeDiskScratchName,
	looksLikeLock,
	looksLikeLockDirectory,
} from './lock-names.ts';
import type { LockRoot } from './lock-roots.ts';
import { holdsOwnerRecordAndHeartbeat, recogniseLockDirectory } from './recognise-dir.ts';
import { recogniseLockFile } from './recognise-file.ts';
import { TimeSlice } from './time-slice.ts';
import { type WalkResult, walkLockTree } from './walk.ts';

export interface FoundLocks {
	candidates: LockCandidate[];
	walk: WalkResult;
}

// Walks one root and recognises every lock in it: by name (R.lock, *.pid, LOCK, ...), by content
// (a directory holding an owner record and a heartbeat file), and by the kernel lock table (any
// file a process holds a flock or fcntl lock on). Lock directories are judged, not walked into.
export async function findLocks(
	root: LockRoot,
	rootStat: Stats,
	kernelLocks: KernelLockTable,
	now: number,
	signal?: AbortSignal,
): Promise<FoundLocks> {
	const candidates: LockCandidate[] = [];
	const slice = new TimeSlice(signal);
	const directoryStats = new Map<string, Stats>([[root.path, rootStat]]);
	const isKernelLocked = (stat: Stats | null): boolean =>
		stat !== null && kernelLocks.locksOn(stat.dev, stat.ino).length > 0;
	const walk = await walkLockTree(root.path, {
		depth: root.depth,
		maxEntries: HEALTH_DEFAULTS.maxEntriesPerDirectory,
		signal,
		needsStat: (name, device) =>
			looksLikeLock(name) || isSafeDiskRecoveryName(name) || kernelLocks.hasLocksOn(device),
		visit: async (listing) => {
			const names = listing.entries.map((entry) => entry.name);
			const ownStat = directoryStats.get(listing.path);
			const isRoot = listing.path === root.path;
			// A directory that is itself a lock: found by its content, or a root named R.lock (a root
			// named plain `lock`, such as /run/lock, is a folder of locks).
			if (
				ownStat &&
				(holdsOwnerRecordAndHeartbeat(names) ||
					(isRoot && /\.(?:lock|lck)$/i.test(path.basename(listing.path))))
			) {
				candidates.push(recogniseLockDirectory(listing.path, ownStat, now, names));
				return [];
			}
			const descend: string[] = [];
			for (const entry of listing.entries) {
				await slice.pause();
				const { name, stat } = entry;
				if (stat === null || isSafeDiskScratchName(name)) continue;
				if (entry.isDirectory) {
					if (looksLikeLockDirectory(name) || isSafeDiskRecoveryName(name)) {
						candidates.push(recogniseLockDirectory(entry.path, stat, now));
					} else {
						directoryStats.set(entry.path, stat);
						descend.push(entry.path);
					}
					continue;
				}
				if (looksLikeLock(name)) {
					candidates.push(recogniseLockFile(entry.path, stat));
				} else if (isKernelLocked(stat)) {
					candidates.push(kernelOnly(entry.path, stat));
				}
			}
			return descend;
		},
	});
	return { candidates, walk };
}

// A file of any name a process holds a kernel lock on (a database, a LevelDB LOCK).
function kernelOnly(filePath: string, stat: Stats): LockCandidate {
	return baseCandidate(filePath, path.dirname(filePath), stat, 'kernel-lock', 'flock');
}
