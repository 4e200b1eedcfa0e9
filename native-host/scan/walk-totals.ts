// What a walk measured under one root. Allocated bytes (st_blocks * 512) are what deleting frees;
// apparent bytes are the file sizes a listing shows.
export interface WalkTotals {
	allocatedBytes: number;
	apparentBytes: number;
	files: number;
	directories: number;
	symlinks: number;
	// Folders or files the operating system refused to read (EACCES, EPERM, EIO, ...).
	unreadable: number;
	// Entries that disappeared between being listed and being measured.
	vanished: number;
}

export function emptyTotals(): WalkTotals {
	return {
		allocatedBytes: 0,
		apparentBytes: 0,
		files: 0,
		directories: 0,
		symlinks: 0,
		unreadable: 0,
		vanished: 0,
	};
}

export function addTotals(target: WalkTotals, source: WalkTotals): WalkTotals {
	target.allocatedBytes += source.allocatedBytes;
	target.apparentBytes += source.apparentBytes;
	target.files += source.files;
	target.directories += source.directories;
	target.symlinks += source.symlinks;
	target.unreadable += source.unreadable;
	target.vanished += source.vanished;
	return target;
}

// A path the scan could not measure or read, and the error code the system gave. Browser files
// the scan reads for names and sites may also be skipped: larger than the scan reads
// ("too-large", EFBIG) or not a regular file ("not-a-file", EFTYPE); their bytes still count.
export interface WalkProblem {
	path: string;
	code: string;
	kind: 'unreadable' | 'vanished' | 'too-large' | 'not-a-file';
}

// Codes that mean "it was there a moment ago": counted as vanished, never as a failure.
export function isVanishedCode(code: string | undefined): boolean {
	return code === 'ENOENT' || code === 'ENOTDIR';
}
