import {
	closeSync,
	constants,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmdirSync,
	rmSync,
	statSync,
	unlinkSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';

export interface LockFileStat {
	ino: number;
	mtimeMs: number;
}

// Every filesystem call the lock makes, in one replaceable object: tests inject ENOSPC, EIO,
// EACCES or a hang into exactly the call they mean.
//
// Acquire and release use short synchronous metadata calls on the lock's own directory (as git
// does for index.lock): they are a few microseconds each, and while one blocks nothing else of
// the process runs, so nothing can act on a lock it is unsure of. The heartbeat runs alongside the
// protected work for a long time, so its calls are asynchronous and each one has a time-out.
export interface LockFs {
	mkdirSync(path: string): void;
	// Creates the file; fails if it exists.
	writeFileSync(path: string, data: string): void;
	readFileSync(path: string): string;
	// Writes in place at `offset`, creating the file if needed; never truncates.
	writeAtSync(path: string, offset: number, bytes: Uint8Array): void;
	renameSync(from: string, to: string): void;
	unlinkSync(path: string): void;
	rmdirSync(path: string): void;
	// Removes a tombstone or staging directory and whatever it holds; missing is fine.
	removeTreeSync(path: string): void;
	// null when nothing exists at `path` (no exception: absence is the common case).
	statSync(path: string): LockFileStat | null;
	readFile(path: string): Promise<string>;
	// Creates the file; fails if it exists.
	writeFile(path: string, data: string): Promise<void>;
	rename(from: string, to: string): Promise<void>;
	unlink(path: string): Promise<void>;
	stat(path: string): Promise<LockFileStat>;
}

export const nodeLockFs: LockFs = {
	mkdirSync: (path) => {
		mkdirSync(path);
	},
	writeFileSync: (path, data) => writeFileSync(path, data, { flag: 'wx' }),
	readFileSync: (path) => readFileSync(path, 'utf8'),
	writeAtSync: (path, offset, bytes) => {
		const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
		try {
			writeSync(fd, bytes, 0, bytes.byteLength, offset);
		} finally {
			closeSync(fd);
		}
	},
	renameSync,
	unlinkSync,
	rmdirSync: (path) => rmdirSync(path),
	removeTreeSync: (path) => rmSync(path, { recursive: true, force: true }),
	statSync: (path) => statSync(path, { throwIfNoEntry: false }) ?? null,
	readFile: (path) => readFile(path, 'utf8'),
	writeFile: (path, data) => writeFile(path, data, { flag: 'wx' }),
	rename,
	unlink,
	stat: (path) => stat(path),
};

// A filesystem call that did not answer in time. Carries an errno of its own so that it is
// classified like any other failure.
export class FsCallTimeout extends Error {
	readonly code = 'ETIMEDOUT';
	readonly syscall: string;
	readonly path: string;

	constructor(syscall: string, path: string, timeoutMs: number) {
		super(`${syscall} ${path} did not answer within ${timeoutMs} ms`);
		this.syscall = syscall;
		this.path = path;
	}
}

// A timer this late was kept from firing: the process was not running meanwhile.
const TIMER_SLACK_MS = 25;

// Races a call against a time-out that counts only time this process was running. A timer that
// fires late shows the process was stopped, throttled or blocked meanwhile, and a call cannot
// answer while its caller does not run: that time is not held against the call, which gets the
// rest of its period. A timer later than a whole pause gives it a fresh period. A process slowed
// down for good still times a hung call out: every period of at least 50 ms credits at least half.
export function withTimeout<T>(
	syscall: string,
	path: string,
	call: () => Promise<T>,
	timeoutMs: number,
	pauseThresholdMs: number,
): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let timer: NodeJS.Timeout | undefined;
		let ranMs = 0;
		const arm = (periodMs: number): void => {
			const due = performance.now() + periodMs;
			timer = setTimeout(() => {
				const lateMs = performance.now() - due;
				if (lateMs > pauseThresholdMs) ranMs = 0;
				else if (lateMs > TIMER_SLACK_MS) ranMs += Math.max(periodMs - lateMs, periodMs / 2);
				else ranMs += periodMs;
				if (ranMs >= timeoutMs) reject(new FsCallTimeout(syscall, path, timeoutMs));
				else arm(Math.max(timeoutMs - ranMs, 2 * TIMER_SLACK_MS));
			}, periodMs);
			timer.unref();
		};
		arm(timeoutMs);
		call().then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}
