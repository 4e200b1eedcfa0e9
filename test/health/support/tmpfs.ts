import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Root is needed to mount, remount and chattr. Without root these tests are skipped locally,
// but under CI they run and fail, so a missing privilege never passes as green.
export const isRoot = process.getuid?.() === 0;
export const skipWithoutRoot = !isRoot && !process.env.CI;

// A small tmpfs in a directory of our own under the system temp folder.
export class SmallTmpfs {
	readonly dir: string;
	private mounted = false;

	constructor(options: { sizeKiB: number; inodes: number }) {
		this.dir = mkdtempSync(path.join(tmpdir(), 'safedisk-health-fs-'));
		execFileSync('mount', [
			'-t',
			'tmpfs',
			'-o',
			`size=${options.sizeKiB}k,nr_inodes=${options.inodes},mode=0777`,
			'tmpfs',
			this.dir,
		]);
		this.mounted = true;
	}

	// Writes until the filesystem refuses (ENOSPC): no byte is left.
	fillSpace(): void {
		const fd = openSync(path.join(this.dir, 'filler'), 'w');
		const chunk = Buffer.alloc(4096, 1);
		try {
			for (;;) writeSync(fd, chunk);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
		} finally {
			closeSync(fd);
		}
	}

	// Creates empty files until no inode is left.
	exhaustInodes(): void {
		for (let index = 0; ; index += 1) {
			try {
				closeSync(openSync(path.join(this.dir, `inode-${index}`), 'w'));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
				return;
			}
		}
	}

	remountReadOnly(): void {
		execFileSync('mount', ['-o', 'remount,ro', this.dir]);
	}

	unmount(): void {
		if (this.mounted) execFileSync('umount', ['-l', this.dir]);
		this.mounted = false;
		rmSync(this.dir, { recursive: true, force: true });
	}
}

// chattr +i on a directory: even root gets EPERM creating, renaming or touching in it.
export function makeImmutable(dir: string): () => void {
	execFileSync('chattr', ['+i', dir]);
	return () => execFileSync('chattr', ['-i', dir]);
}
