import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export interface CappedText {
	text: string;
	// The file held more than the cap; only the first `cap` bytes were read.
	truncated: boolean;
}

// Reads at most `cap` bytes of a regular file. O_NOFOLLOW refuses a symlink swapped in after the
// walk saw a file, and O_NONBLOCK keeps a FIFO named like a lock from blocking the check.
// Synchronous on purpose: a lock record is a few hundred bytes, and one call costs microseconds
// where the promise round trips of four calls cost more than the read.
export function readCapped(target: string, cap: number): CappedText {
	const fd = openSync(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
	try {
		const info = fstatSync(fd);
		if (!info.isFile()) {
			throw Object.assign(new Error(`${target} is not a regular file`), { code: 'EFTYPE' });
		}
		// One byte past the size (or the cap) tells a file that grew from one that fits.
		const buffer = Buffer.alloc(Math.min(cap, info.size) + 1);
		let filled = 0;
		while (filled < buffer.length) {
			const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
			if (bytesRead === 0) break;
			filled += bytesRead;
		}
		const truncated = filled > cap || info.size > cap;
		return { text: buffer.subarray(0, Math.min(filled, cap)).toString('utf8'), truncated };
	} finally {
		closeSync(fd);
	}
}
