import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// A small tmpfs of its own, so space, inodes and read-only state can be exhausted or flipped
// without touching anything else. Needs root (see root-only.ts).
export interface Tmpfs {
	dir: string;
	remount(mode: 'ro' | 'rw'): void;
	unmount(): void;
}

export function mountTmpfs(options: { sizeKb: number; inodes: number }): Tmpfs {
	const dir = mkdtempSync(path.join(tmpdir(), 'safedisk-tmpfs-'));
	execFileSync('mount', [
		'-t',
		'tmpfs',
		'-o',
		`size=${options.sizeKb}k,nr_inodes=${options.inodes},mode=0777`,
		'tmpfs',
		dir,
	]);
	let mounted = true;
	return {
		dir,
		remount(mode) {
			execFileSync('mount', ['-o', `remount,${mode}`, dir]);
		},
		unmount() {
			if (!mounted) return;
			mounted = false;
			// Attributes set by a test must not keep the directory from going away. On a read-only
			// mount chattr fails, and there is nothing it could have set.
			try {
				execFileSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' });
			} catch {
				// Nothing to undo.
			}
			execFileSync('umount', ['-l', dir]);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

// Fills the free space of the filesystem under `dir` with one file; returns its path.
export function fillSpace(dir: string): string {
	const filler = path.join(dir, 'space-filler');
	const fd = openSync(filler, 'w');
	const chunk = Buffer.alloc(4096, 1);
	try {
		for (;;) writeSync(fd, chunk);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
	} finally {
		closeSync(fd);
	}
	return filler;
}

// Uses up every free inode of the filesystem under `dir` with empty files; returns their folder.
export function fillInodes(dir: string): string {
	const folder = path.join(dir, 'inode-filler');
	try {
		mkdirSync(folder);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return folder;
		throw error;
	}
	for (let index = 0; ; index += 1) {
		try {
			closeSync(openSync(path.join(folder, String(index)), 'w'));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
			return folder;
		}
	}
}

export function setImmutable(target: string, immutable: boolean): void {
	execFileSync('chattr', [immutable ? '+i' : '-i', target]);
}
