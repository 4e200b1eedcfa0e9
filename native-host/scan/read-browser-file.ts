import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';
import { SafeDiskError } from '../../shared/errors.ts';
import { throwIfCancelled } from './scan-cancelled.ts';
import { SCAN_DEFAULTS } from './scan-defaults.ts';
import { isVanishedCode, type WalkProblem } from './walk-totals.ts';

// O_NONBLOCK: opening a FIFO (or a device) returns at once instead of waiting for a writer, and
// the fstat below refuses it before any read. O_NOFOLLOW: a symlink swapped in after the lstat
// fails with ELOOP. Windows has neither flag, and no FIFOs in its filesystems.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

export type BrowserFileRead =
	| { status: 'ok'; bytes: Buffer }
	| { status: 'missing'; code: string }
	| { status: 'not-a-file'; code: 'EFTYPE' }
	| { status: 'too-large'; code: 'EFBIG'; size: number }
	| { status: 'unreadable'; code: string };

export interface ReadContext {
	signal?: AbortSignal | undefined;
	// Where skipped and unreadable files are noted for the scan's report.
	problems?: WalkProblem[] | undefined;
}

const NOT_A_FILE = { status: 'not-a-file', code: 'EFTYPE' } as const;

// Reads a file the browser owns, for names and sites: only a regular file, never through a
// symlink, never more than `cap` bytes (the size is checked before anything is read), in slices
// with the cancel checked between them. A file that cannot be used is a status, not a throw;
// only a cancel throws (E_CANCELLED).
export async function readBrowserFile(
	target: string,
	cap: number,
	context: ReadContext = {},
): Promise<BrowserFileRead> {
	const read = await readCapped(target, cap, context.signal);
	if (read.status !== 'ok' && read.status !== 'missing') noteReadProblem(context, target, read);
	return read;
}

// The first `length` bytes of a file the caller has just seen as a regular file with lstat, or
// null. The open and fstat still refuse anything swapped in since.
export async function readFileHead(target: string, length: number): Promise<Buffer | null> {
	let handle: FileHandle;
	try {
		handle = await open(target, READ_FLAGS);
	} catch {
		return null;
	}
	try {
		if (!(await handle.stat()).isFile()) return null;
		const buffer = Buffer.alloc(length);
		const { bytesRead } = await handle.read(buffer, 0, length, 0);
		return buffer.subarray(0, bytesRead);
	} catch {
		return null;
	} finally {
		await handle.close().catch(() => undefined);
	}
}

export function noteReadProblem(
	context: ReadContext,
	target: string,
	read: Exclude<BrowserFileRead, { status: 'ok' }>,
): void {
	const { problems } = context;
	if (!problems || problems.length >= SCAN_DEFAULTS.maxProblems) return;
	const kind = read.status === 'missing' ? 'vanished' : read.status;
	problems.push({ path: target, code: read.code, kind });
}

async function readCapped(
	target: string,
	cap: number,
	signal: AbortSignal | undefined,
): Promise<BrowserFileRead> {
	throwIfCancelled(signal);
	let info: Stats;
	try {
		info = await lstat(target);
	} catch (error) {
		return failure(error);
	}
	if (!info.isFile()) return NOT_A_FILE;
	if (info.size > cap) return { status: 'too-large', code: 'EFBIG', size: info.size };
	throwIfCancelled(signal);
	let handle: FileHandle;
	try {
		handle = await open(target, READ_FLAGS);
	} catch (error) {
		return failure(error);
	}
	try {
		// Checked again on the handle: the file may have been replaced since the lstat.
		const opened = await handle.stat();
		if (!opened.isFile()) return NOT_A_FILE;
		if (opened.size > cap) return { status: 'too-large', code: 'EFBIG', size: opened.size };
		return await readSlices(handle, opened.size, cap, signal);
	} catch (error) {
		return failure(error);
	} finally {
		await handle.close().catch(() => undefined);
	}
}

// Reads to the end of the file or one byte past the cap, whichever comes first: a file that grew
// past the cap while being read is too large as well.
async function readSlices(
	handle: FileHandle,
	size: number,
	cap: number,
	signal: AbortSignal | undefined,
): Promise<BrowserFileRead> {
	const parts: Buffer[] = [];
	let total = 0;
	let buffer = Buffer.alloc(size + 1);
	let filled = 0;
	for (;;) {
		throwIfCancelled(signal);
		const length = Math.min(SCAN_DEFAULTS.readSliceBytes, buffer.length - filled);
		const { bytesRead } = await handle.read(buffer, filled, length, total + filled);
		if (bytesRead === 0) break;
		filled += bytesRead;
		if (total + filled > cap) return { status: 'too-large', code: 'EFBIG', size: total + filled };
		if (filled === buffer.length) {
			parts.push(buffer);
			total += filled;
			buffer = Buffer.alloc(Math.min(SCAN_DEFAULTS.readSliceBytes, cap + 1 - total));
			filled = 0;
		}
	}
	parts.push(buffer.subarray(0, filled));
	return { status: 'ok', bytes: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts) };
}

function failure(error: unknown): BrowserFileRead {
	if (error instanceof SafeDiskError) throw error;
	const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
	if (code === 'ELOOP') return NOT_A_FILE;
	if (isVanishedCode(code)) return { status: 'missing', code };
	return { status: 'unreadable', code };
}
