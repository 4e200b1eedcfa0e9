import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SafeDiskError } from '../../shared/errors.ts';
import { HardLinkSet } from './hard-link-set.ts';
import { scanCancelled } from './scan-cancelled.ts';
import { emptyTotals, type WalkProblem, type WalkTotals } from './walk-totals.ts';
import {
	CONTROL_CANCELLED,
	CONTROL_IDLE_WORKERS,
	TOTAL_FIELDS,
	WALK_WORKER_SOURCE,
	type WalkPath,
	type WorkerMessage,
} from './walk-worker.ts';

export interface WalkProgress {
	entries: number;
	allocatedBytes: number;
}

export interface MeasureOptions {
	signal?: AbortSignal | undefined;
	onProgress?: ((progress: WalkProgress) => void) | undefined;
}

export interface WalkPoolOptions {
	workers?: number;
	hardLinks?: HardLinkSet;
	// Problem paths kept for the report; the counts in the totals are always complete.
	maxProblems?: number;
}

// Two workers at least: walking waits on the disk as much as on the CPU.
function defaultWorkerCount(): number {
	return Math.max(2, Math.min(4, availableParallelism()));
}

// Measures folder trees the way `du` does (no symlink following, hard links once, allocated and
// apparent sizes) with a few worker threads. Memory holds the folders still to read, never a list
// of files. One measure() runs at a time; close() ends the threads.
export class WalkPool {
	readonly hardLinks: HardLinkSet;
	readonly problems: WalkProblem[] = [];
	readonly #workerCount: number;
	readonly #maxProblems: number;
	readonly #control = new Int32Array(new SharedArrayBuffer(8));
	#workers: Worker[] = [];
	#queue: Promise<unknown> = Promise.resolve();

	constructor(options: WalkPoolOptions = {}) {
		this.#workerCount = Math.max(1, options.workers ?? defaultWorkerCount());
		this.hardLinks = options.hardLinks ?? new HardLinkSet();
		this.#maxProblems = options.maxProblems ?? 32;
	}

	// Totals for each root, in the order given. Roots that do not exist count as vanished. A root
	// whose name is not valid UTF-8 is given as its exact bytes.
	measure(roots: readonly WalkPath[], options: MeasureOptions = {}): Promise<WalkTotals[]> {
		const run = this.#queue.then(() => this.#measure(roots, options));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async close(): Promise<void> {
		const workers = this.#workers;
		this.#workers = [];
		await Promise.all(workers.map((worker) => worker.terminate()));
	}

	#start(): Worker[] {
		if (this.#workers.length === 0) {
			for (let index = 0; index < this.#workerCount; index += 1) {
				const worker = new Worker(WALK_WORKER_SOURCE, { eval: true });
				worker.postMessage({ type: 'init', control: this.#control.buffer });
				this.#workers.push(worker);
			}
		}
		return this.#workers;
	}

	#measure(roots: readonly WalkPath[], options: MeasureOptions): Promise<WalkTotals[]> {
		const { signal, onProgress } = options;
		if (signal?.aborted) return Promise.reject(scanCancelled());
		const results = roots.map(() => emptyTotals());
		if (roots.length === 0) return Promise.resolve(results);
		const workers = this.#start();
		const control = this.#control;
		Atomics.store(control, CONTROL_CANCELLED, 0);
		const pending = {
			paths: [...roots],
			tags: roots.map((_, index) => index),
			roots: [] as number[],
		};
		pending.roots = roots.map(() => 1);
		const idle = [...workers];
		Atomics.store(control, CONTROL_IDLE_WORKERS, idle.length);
		const progress: WalkProgress = { entries: 0, allocatedBytes: 0 };

		return new Promise<WalkTotals[]>((resolve, reject) => {
			let failure: unknown = null;
			const onAbort = () => {
				Atomics.store(control, CONTROL_CANCELLED, 1);
				pending.paths.length = 0;
				pending.tags.length = 0;
				pending.roots.length = 0;
				finishIfDone();
			};
			// A thread that died leaves the pool unusable: end all and start afresh next time.
			const onError = (error: Error) => {
				if (failure !== null) return;
				failure = new SafeDiskError('E_INTERNAL', 'A folder walk thread failed.', { cause: error });
				cleanup();
				void this.close();
				reject(failure);
			};
			const cleanup = () => {
				signal?.removeEventListener('abort', onAbort);
				for (const worker of workers) {
					worker.off('message', listeners.get(worker) as (message: WorkerMessage) => void);
					worker.off('error', onError);
					worker.unref();
				}
			};
			const finishIfDone = () => {
				if (idle.length !== workers.length || pending.paths.length > 0) return;
				cleanup();
				if (failure !== null) reject(failure);
				else if (signal?.aborted) reject(scanCancelled());
				else resolve(results);
			};
			const dispatch = () => {
				while (idle.length > 0 && pending.paths.length > 0 && failure === null) {
					const worker = idle.pop() as Worker;
					Atomics.sub(control, CONTROL_IDLE_WORKERS, 1);
					const take = Math.ceil(pending.paths.length / (idle.length + 1));
					worker.postMessage({
						type: 'jobs',
						paths: pending.paths.splice(0, take),
						tags: pending.tags.splice(0, take),
						roots: pending.roots.splice(0, take),
					});
				}
				if (failure !== null) pending.paths.length = 0;
				finishIfDone();
			};
			const addLinks = (links: (string | number)[]) => {
				for (let index = 0; index + 4 < links.length; index += 5) {
					const key = links[index] as string;
					const total = results[links[index + 1] as number];
					if (!total || !this.hardLinks.firstSighting(key, links[index + 4] as number)) continue;
					total.allocatedBytes += links[index + 2] as number;
					total.apparentBytes += links[index + 3] as number;
					total.files += 1;
				}
			};
			const listeners = new Map<Worker, (message: WorkerMessage) => void>();
			for (const worker of workers) {
				const listener = (message: WorkerMessage) => {
					if (message.type === 'share') {
						// A loop, not a spread: a shared stack can hold more folders than a call has arguments.
						for (let index = 0; index < message.paths.length; index += 1) {
							pending.paths.push(message.paths[index] as WalkPath);
							pending.tags.push(message.tags[index] as number);
							pending.roots.push(0);
						}
						dispatch();
					} else if (message.type === 'progress') {
						progress.entries += message.entries;
						progress.allocatedBytes += message.allocatedBytes;
						onProgress?.({ ...progress });
					} else if (message.type === 'links') {
						addLinks(message.links);
					} else {
						this.#addTotals(results, message.totals);
						addLinks(message.links);
						this.#addProblems(message.problems);
						idle.push(worker);
						Atomics.add(control, CONTROL_IDLE_WORKERS, 1);
						dispatch();
					}
				};
				listeners.set(worker, listener);
				worker.on('message', listener);
				worker.on('error', onError);
				worker.ref();
			}
			signal?.addEventListener('abort', onAbort, { once: true });
			dispatch();
		});
	}

	#addTotals(results: WalkTotals[], flat: number[]): void {
		const width = TOTAL_FIELDS.length + 1;
		for (let index = 0; index + width - 1 < flat.length; index += width) {
			const total = results[flat[index] as number];
			if (!total) continue;
			TOTAL_FIELDS.forEach((field, offset) => {
				total[field] += flat[index + 1 + offset] as number;
			});
		}
	}

	#addProblems(flat: string[]): void {
		for (let index = 0; index + 2 < flat.length; index += 3) {
			if (this.problems.length >= this.#maxProblems) return;
			this.problems.push({
				path: flat[index] as string,
				code: flat[index + 1] as string,
				kind: flat[index + 2] === 'v' ? 'vanished' : 'unreadable',
			});
		}
	}
}
