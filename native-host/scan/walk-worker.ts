// The body of a walk worker thread. It is started from its own source text (see walk-pool.ts) so
// that the same code runs from the TypeScript sources and from the build: it may therefore use
// only Node built-ins through `require`, and nothing from the scope around it.
//
// Synchronous lstat in worker threads beats asynchronous calls on the main thread by about 2x per
// file (no promise or callback per entry), and several workers use every core, as du cannot.
//
// Paths are text, except under a name that is not valid UTF-8: decoding would change such a
// name, so it is read again as bytes and everything below it is walked by byte paths.

// Layout of the shared control array.
export const CONTROL_IDLE_WORKERS = 0;
export const CONTROL_CANCELLED = 1;

// Per-tag totals travel as flat arrays in this order.
export const TOTAL_FIELDS = [
	'allocatedBytes',
	'apparentBytes',
	'files',
	'directories',
	'symlinks',
	'unreadable',
	'vanished',
] as const;

// A path to walk: text, or the exact bytes where a name on it is not valid UTF-8.
export type WalkPath = string | Uint8Array;

export type WorkerMessage =
	| { type: 'share'; paths: WalkPath[]; tags: number[] }
	| { type: 'progress'; entries: number; allocatedBytes: number }
	| { type: 'links'; links: (string | number)[] }
	| { type: 'done'; totals: number[]; links: (string | number)[]; problems: string[] };

export function walkWorkerMain(): void {
	const fs: typeof import('node:fs') = require('node:fs');
	const { sep }: typeof import('node:path') = require('node:path');
	const { parentPort }: typeof import('node:worker_threads') = require('node:worker_threads');
	if (!parentPort) return;
	const port = parentPort;
	const FIELDS = 7;
	const ALLOCATED = 0;
	const APPARENT = 1;
	const FILES = 2;
	const DIRECTORIES = 3;
	const SYMLINKS = 4;
	const UNREADABLE = 5;
	const VANISHED = 6;
	const MAX_PROBLEMS = 16;
	const LINK_BATCH = 4096;
	const PROGRESS_EVERY = 4096;
	const LSTAT = { throwIfNoEntry: false } as const;
	// Where the system reports no blocks (some Windows file systems), whole 4 KiB clusters.
	const NO_BLOCKS = process.platform === 'win32';
	const LSTAT_EXACT = { bigint: true, throwIfNoEntry: false } as const;
	const SEP_BYTES = Buffer.from(sep);
	// How often a long folder listing looks at the cancel flag.
	const CANCEL_CHECK_MASK = 1023;

	let control: Int32Array<ArrayBufferLike> = new Int32Array(2);
	let totals = new Map<number, number[]>();
	let links: (string | number)[] = [];
	let problems: string[] = [];
	let entriesSinceProgress = 0;
	let bytesSinceProgress = 0;

	const tally = (tag: number): number[] => {
		let row = totals.get(tag);
		if (!row) {
			row = new Array<number>(FIELDS).fill(0);
			totals.set(tag, row);
		}
		return row;
	};

	// Byte paths arrive as plain Uint8Array from another thread: viewed as Buffer, not copied.
	const asPath = (path: WalkPath): string | Buffer =>
		typeof path === 'string' ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength);

	const problem = (path: string | Buffer, tag: number, error: unknown): void => {
		const code = (error as { code?: string }).code ?? 'EUNKNOWN';
		const vanished = code === 'ENOENT' || code === 'ENOTDIR';
		const row = tally(tag);
		row[vanished ? VANISHED : UNREADABLE] = (row[vanished ? VANISHED : UNREADABLE] ?? 0) + 1;
		if (problems.length < MAX_PROBLEMS * 3) {
			const text = typeof path === 'string' ? path : path.toString('utf8');
			problems.push(text, code, vanished ? 'v' : 'u');
		}
	};

	// Measures one entry without following it; directories go on the stack to be read later.
	const visit = (
		path: string | Buffer,
		tag: number,
		stack: (string | Buffer)[],
		stackTags: number[],
	): void => {
		let stats: import('node:fs').Stats | undefined;
		try {
			stats = fs.lstatSync(path, LSTAT);
		} catch (error) {
			problem(path, tag, error);
			return;
		}
		const row = tally(tag);
		if (stats === undefined) {
			row[VANISHED] = (row[VANISHED] ?? 0) + 1;
			return;
		}
		entriesSinceProgress += 1;
		const allocated =
			NO_BLOCKS && !(stats.blocks > 0) ? Math.ceil(stats.size / 4096) * 4096 : stats.blocks * 512;
		if (stats.isDirectory()) {
			row[DIRECTORIES] = (row[DIRECTORIES] ?? 0) + 1;
			stack.push(path);
			stackTags.push(tag);
		} else if (stats.nlink > 1) {
			// Exact dev and inode numbers (bigint) only for the rare multi-link file.
			const exact = fs.lstatSync(path, LSTAT_EXACT);
			if (exact === undefined) {
				row[VANISHED] = (row[VANISHED] ?? 0) + 1;
				return;
			}
			links.push(`${exact.dev}:${exact.ino}`, tag, allocated, stats.size, Number(exact.nlink));
			if (links.length >= LINK_BATCH * 5) {
				port.postMessage({ type: 'links', links });
				links = [];
			}
			return;
		} else if (stats.isSymbolicLink()) {
			row[SYMLINKS] = (row[SYMLINKS] ?? 0) + 1;
		} else {
			row[FILES] = (row[FILES] ?? 0) + 1;
		}
		row[ALLOCATED] = (row[ALLOCATED] ?? 0) + allocated;
		row[APPARENT] = (row[APPARENT] ?? 0) + stats.size;
		bytesSinceProgress += allocated;
	};

	// Streams a directory (bounded memory even for huge folders) and visits each entry. Names that
	// decoding changed (U+FFFD) are skipped here and visited by their bytes afterwards.
	const readDirectory = (
		dir: string | Buffer,
		tag: number,
		stack: (string | Buffer)[],
		stackTags: number[],
		onlyChangedNames = false,
	): void => {
		const bytes = typeof dir !== 'string';
		let handle: import('node:fs').Dir;
		try {
			// Node reads the names as bytes with encoding "buffer"; its types only list text ones.
			const encoding = (bytes ? 'buffer' : 'utf8') as BufferEncoding;
			handle = fs.opendirSync(dir, { bufferSize: 256, encoding });
		} catch (error) {
			problem(dir, tag, error);
			return;
		}
		let changedNames = false;
		let seen = 0;
		try {
			for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
				seen += 1;
				if ((seen & CANCEL_CHECK_MASK) === 0 && Atomics.load(control, 1) !== 0) break;
				if (bytes) {
					const name = entry.name as unknown as Buffer;
					if (onlyChangedNames && !name.toString('utf8').includes('\uFFFD')) continue;
					visit(Buffer.concat([dir as Buffer, SEP_BYTES, name]), tag, stack, stackTags);
				} else if (entry.name.includes('\uFFFD')) changedNames = true;
				else visit(dir + sep + entry.name, tag, stack, stackTags);
			}
		} catch (error) {
			problem(dir, tag, error);
		} finally {
			handle.closeSync();
		}
		if (changedNames) readDirectory(Buffer.from(dir as string), tag, stack, stackTags, true);
	};

	const run = (paths: WalkPath[], tags: number[], roots: number[]): void => {
		const stack: (string | Buffer)[] = [];
		const stackTags: number[] = [];
		for (let index = 0; index < paths.length; index += 1) {
			const path = asPath(paths[index] as WalkPath);
			const tag = tags[index] as number;
			if (roots[index] === 1) visit(path, tag, stack, stackTags);
			else {
				stack.push(path);
				stackTags.push(tag);
			}
		}
		while (stack.length > 0) {
			if (Atomics.load(control, 1) !== 0) break;
			const dir = stack.pop() as string | Buffer;
			const tag = stackTags.pop() as number;
			readDirectory(dir, tag, stack, stackTags);
			// Hand the older half of the stack (the larger subtrees) to idle workers.
			if (stack.length > 1 && Atomics.load(control, 0) > 0) {
				const half = stack.length >> 1;
				port.postMessage({
					type: 'share',
					paths: stack.splice(0, half),
					tags: stackTags.splice(0, half),
				});
			}
			if (entriesSinceProgress >= PROGRESS_EVERY) {
				port.postMessage({
					type: 'progress',
					entries: entriesSinceProgress,
					allocatedBytes: bytesSinceProgress,
				});
				entriesSinceProgress = 0;
				bytesSinceProgress = 0;
			}
		}
		const flat: number[] = [];
		for (const [tag, row] of totals) flat.push(tag, ...row);
		port.postMessage({ type: 'done', totals: flat, links, problems });
		totals = new Map();
		links = [];
		problems = [];
	};

	port.on('message', (message: { type: string; [key: string]: unknown }) => {
		if (message.type === 'init') control = new Int32Array(message.control as SharedArrayBuffer);
		else if (message.type === 'jobs')
			run(message.paths as WalkPath[], message.tags as number[], message.roots as number[]);
	});
}

export const WALK_WORKER_SOURCE = `(${walkWorkerMain.toString()})()`;
