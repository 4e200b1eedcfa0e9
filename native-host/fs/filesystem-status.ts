import { randomBytes } from 'node:crypto';
import { open, realpath, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { findMount, readMounts } from './mounts.ts';

// Numeric f_type values from statfs(2), for when the mount table is not readable.
const FS_TYPE_NAMES: Record<number, string> = {
	16914836: 'tmpfs',
	61267: 'ext4',
	2435016766: 'btrfs',
	1481003842: 'xfs',
	2035054128: 'overlay',
	26985: 'nfs',
	1702057286: 'fuse',
	801189825: 'zfs',
	19780: 'vfat',
};

export interface StatfsFigures {
	freeBytes: number;
	// As df counts it: blocks not free, reserved blocks excluded.
	usedBytes: number;
	totalBytes: number;
	freeInodes: number | null;
	totalInodes: number | null;
}

// Free space as a user sees it (bavail, not bfree: ext4 reserves blocks for root).
export async function statfsFigures(target: string): Promise<StatfsFigures> {
	const figures = await statfs(target);
	const hasInodeLimit = figures.files > 0;
	return {
		freeBytes: figures.bavail * figures.bsize,
		usedBytes: (figures.blocks - figures.bfree) * figures.bsize,
		totalBytes: figures.blocks * figures.bsize,
		freeInodes: hasInodeLimit ? figures.ffree : null,
		totalInodes: hasInodeLimit ? figures.files : null,
	};
}

// A real write check: create, write one byte, remove. access(2) says yes to root on a read-only or
// full filesystem, so it cannot answer this question.
export async function probeWritable(directory: string): Promise<string | null> {
	const probe = path.join(
		directory,
		`.safedisk-write-probe-${process.pid}-${randomBytes(6).toString('hex')}`,
	);
	let created = false;
	try {
		const handle = await open(probe, 'wx');
		created = true;
		try {
			await handle.write('x');
			await handle.sync();
		} finally {
			await handle.close();
		}
		return null;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
	} finally {
		if (created) await rm(probe, { force: true }).catch(() => undefined);
	}
}

// The status of the filesystem under a path; a file's own directory is probed for writability.
export async function getFilesystemStatus(target: string): Promise<FilesystemStatus> {
	const real = await realpath(target);
	const info = await stat(real);
	const directory = info.isDirectory() ? real : path.dirname(real);
	const [figures, raw, mounts] = await Promise.all([
		statfsFigures(real),
		statfs(real),
		readMounts(),
	]);
	const mount = findMount(mounts, real);
	const readOnly = mount?.options.includes('ro') ?? false;
	const writeError = await probeWritable(directory);
	// df's Use%: used / (used + available), rounded up.
	const usable = figures.usedBytes + figures.freeBytes;
	const usedInodes =
		figures.totalInodes === null || figures.freeInodes === null
			? null
			: figures.totalInodes - figures.freeInodes;
	return {
		path: real,
		mountPoint: mount?.mountPoint ?? null,
		fsType: mount?.fsType ?? FS_TYPE_NAMES[raw.type] ?? `0x${raw.type.toString(16)}`,
		totalBytes: figures.totalBytes,
		freeBytes: figures.freeBytes,
		usedPercent: usable === 0 ? 0 : round1((figures.usedBytes / usable) * 100),
		totalInodes: figures.totalInodes,
		freeInodes: figures.freeInodes,
		usedInodesPercent:
			usedInodes === null || !figures.totalInodes
				? null
				: round1((usedInodes / figures.totalInodes) * 100),
		readOnly: readOnly || writeError === 'EROFS',
		writable: writeError === null,
		writeError,
		condition: classifyCondition(figures, readOnly, writeError),
	};
}

function classifyCondition(
	figures: StatfsFigures,
	readOnly: boolean,
	writeError: string | null,
): FilesystemStatus['condition'] {
	if (readOnly || writeError === 'EROFS') return 'read-only';
	if (figures.freeInodes === 0) return 'inodes-full';
	if (figures.totalBytes > 0 && figures.freeBytes === 0) return 'space-full';
	if (writeError === 'ENOSPC' || writeError === 'EDQUOT') {
		return figures.freeInodes !== null && figures.freeInodes < 2 ? 'inodes-full' : 'space-full';
	}
	if (writeError !== null) return 'not-writable';
	return 'ok';
}

function round1(value: number): number {
	return Math.round(value * 10) / 10;
}
