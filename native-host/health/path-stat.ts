import type { Stats } from 'node:fs';
import type { PathStat } from '../../shared/commands/lock-health.ts';
import { deviceKeyOf } from './kernel-locks.ts';

// The figures `stat` prints for a path: size, mode, owner, times, inode and device.
export function toPathStat(target: string, stat: Stats): PathStat {
	return {
		path: target,
		type: entryTypeOf(stat),
		size: stat.size,
		mode: (stat.mode & 0o7777).toString(8).padStart(4, '0'),
		uid: stat.uid,
		gid: stat.gid,
		inode: stat.ino,
		device: deviceKeyOf(stat.dev),
		mtime: isoOrInvalid(stat.mtimeMs),
		ctime: isoOrInvalid(stat.ctimeMs),
	};
}

// Dates far outside the representable range (a hostile utimes) must not throw.
export function isoOrInvalid(ms: number): string {
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? 'invalid' : date.toISOString();
}

export function entryTypeOf(stat: Stats): PathStat['type'] {
	if (stat.isFile()) return 'file';
	if (stat.isDirectory()) return 'directory';
	return stat.isSymbolicLink() ? 'symlink' : 'other';
}
