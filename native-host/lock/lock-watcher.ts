import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import { log } from '../log.ts';

// Wakes a waiting contender as soon as the lock directory is removed or replaced, by watching
// the parent directory for its name. Where watching is not supported (some network and FUSE
// filesystems, an exhausted inotify budget) the waiter falls back to polling.
export class LockWatcher {
	readonly #name: string;
	#watcher: FSWatcher | null = null;
	#changed = false;
	#wake: (() => void) | null = null;

	constructor(lockDir: string) {
		this.#name = path.basename(lockDir);
		try {
			this.#watcher = watch(path.dirname(lockDir), { persistent: false }, (_event, filename) => {
				if (filename === null || filename === this.#name) this.#notify();
			});
			this.#watcher.on('error', (error) => this.#fallBack(error));
		} catch (error) {
			this.#fallBack(error);
		}
	}

	get watching(): boolean {
		return this.#watcher !== null;
	}

	// Resolves on a change of the lock directory, after `ms`, or when `signal` aborts.
	wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
		if (this.#changed || signal?.aborted) {
			this.#changed = false;
			return Promise.resolve();
		}
		return new Promise<void>((resolve) => {
			const done = (): void => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				this.#wake = null;
				this.#changed = false;
				resolve();
			};
			const timer = setTimeout(done, ms);
			signal?.addEventListener('abort', done, { once: true });
			this.#wake = done;
		});
	}

	close(): void {
		this.#watcher?.close();
		this.#watcher = null;
	}

	#notify(): void {
		this.#changed = true;
		this.#wake?.();
	}

	#fallBack(error: unknown): void {
		log('info', 'lock.watch-unavailable', { lockName: this.#name, error: String(error) });
		this.close();
	}
}
