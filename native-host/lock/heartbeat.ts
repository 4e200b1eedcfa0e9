import { log } from '../log.ts';
import type { LockTimings } from './defaults.ts';
import { describeFailure, type HeartbeatFailure, RefreshStepFailed } from './heartbeat-failure.ts';
import { OwnershipLost } from './lock-errors.ts';
import { FsCallTimeout, type LockFs, withTimeout } from './lock-fs.ts';
import {
	type LockPaths,
	type OwnerRecord,
	parseRecord,
	RECORD_FILE,
	serializeRecord,
} from './owner-record.ts';

export interface HeartbeatListener {
	// Ownership was verified by token and the record rewritten.
	refreshed(): void;
	failed(failure: HeartbeatFailure, msSinceSuccess: number): void;
	// No successful refresh for stale threshold minus margin, even though calls are still pending.
	overdue(msSinceSuccess: number): void;
	// A timer fired far later than due: the process was suspended or blocked.
	paused(pausedMs: number): void;
}

export interface HeartbeatSetup {
	paths: LockPaths;
	fs: LockFs;
	timings: LockTimings;
	// The holder's record; its state field is what the next refresh writes.
	record: OwnerRecord;
	dirIno: number;
	listener: HeartbeatListener;
}

// Refreshes the owner record on a timer chain: the next refresh is scheduled only when the
// previous one has settled, so two never overlap. Timers are unref'd and no callback throws.
export class Heartbeat {
	readonly #setup: HeartbeatSetup;
	#timer: NodeJS.Timeout | undefined;
	#watchdog: NodeJS.Timeout | undefined;
	#expectedAt = 0;
	#inFlight: Promise<void> | null = null;
	#stopped = false;
	// Bumped by every detected pause: a refresh that began before a pause proves nothing after it.
	#epoch = 0;
	#rerun = false;
	#lastSuccessAt = performance.now();
	#failures = 0;
	#writes = 0;
	#lastPauseAt = Number.NEGATIVE_INFINITY;
	// Calls that timed out and have not answered yet. While one is stuck, no new call is made:
	// each stuck call holds a thread of libuv's small pool, which the whole process shares.
	#stuck = 0;

	constructor(setup: HeartbeatSetup) {
		this.#setup = setup;
	}

	start(): void {
		this.#armWatchdog();
		this.#schedule(this.#setup.timings.heartbeatIntervalMs);
	}

	// Stops the chain and settles the refresh in flight, if any.
	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#timer);
		clearTimeout(this.#watchdog);
		await this.#inFlight;
	}

	get stopped(): boolean {
		return this.#stopped;
	}

	// Reads the record and checks token and directory identity; throws what a refresh would.
	async verifyOwnership(): Promise<void> {
		const { fs, paths, record, dirIno } = this.#setup;
		const text = await this.#timed('read-record', paths.recordPath, () =>
			fs.readFile(paths.recordPath),
		);
		const found = parseRecord(text);
		if (found?.token !== record.token) {
			throw new OwnershipLost(
				'read-record',
				paths.recordPath,
				found ? 'names another owner' : 'is not ours',
			);
		}
		const directory = await this.#timed('stat-lock-directory', paths.lockDir, () =>
			fs.stat(paths.lockDir),
		);
		if (directory.ino !== dirIno)
			throw new OwnershipLost('stat-lock-directory', paths.lockDir, 'was replaced');
	}

	#schedule(delay: number): void {
		if (this.#stopped) return;
		this.#expectedAt = performance.now() + delay;
		this.#timer = setTimeout(() => this.#tick(), delay);
		this.#timer.unref();
	}

	#tick(): void {
		const late = performance.now() - this.#expectedAt;
		if (late > this.#setup.timings.pauseThresholdMs) this.#notePause(late);
		const started = performance.now();
		this.#inFlight = this.#refreshOnce()
			.catch((error: unknown) => log('error', 'lock.heartbeat-internal', { error: String(error) }))
			.finally(() => {
				this.#inFlight = null;
				const delay = this.#rerun
					? 0
					: this.#setup.timings.heartbeatIntervalMs - (performance.now() - started);
				this.#rerun = false;
				this.#schedule(Math.max(0, delay));
			});
	}

	// Several timers notice the same pause; it is reported once.
	#notePause(pausedMs: number): void {
		this.#epoch += 1;
		const now = performance.now();
		if (now - this.#lastPauseAt > this.#setup.timings.pauseThresholdMs) {
			this.#setup.listener.paused(Math.round(pausedMs));
		}
		this.#lastPauseAt = now;
	}

	async #refreshOnce(): Promise<void> {
		const epoch = this.#epoch;
		try {
			if (this.#stuck > 0) {
				const { recordPath } = this.#setup.paths;
				const pending = new FsCallTimeout(
					'earlier call',
					recordPath,
					this.#setup.timings.fsCallTimeoutMs,
				);
				throw new RefreshStepFailed('wait-for-stuck-call', recordPath, pending);
			}
			await this.verifyOwnership();
			if (!this.#stopped) await this.#rewriteRecord();
		} catch (error) {
			if (!this.#stopped) await this.#reportFailure(error);
			return;
		}
		if (this.#stopped) return;
		if (epoch !== this.#epoch) {
			this.#rerun = true;
			return;
		}
		this.#failures = 0;
		this.#lastSuccessAt = performance.now();
		this.#armWatchdog();
		this.#setup.listener.refreshed();
	}

	async #rewriteRecord(): Promise<void> {
		const { fs, paths, record } = this.#setup;
		this.#writes += 1;
		const temporary = `${paths.lockDir}/.${RECORD_FILE}.${record.token.slice(0, 8)}.${this.#writes}.tmp`;
		const content = serializeRecord({ ...record, refreshedAt: new Date().toISOString() });
		try {
			await this.#timed('write-record', temporary, () => fs.writeFile(temporary, content));
			// A slow write may outlive the directory: R.lock deleted and claimed anew meanwhile.
			// Renaming then would put this record into the new claimant's directory.
			await this.#expectOwnDirectory('replace-record');
			await this.#timed('replace-record', paths.recordPath, () =>
				fs.rename(temporary, paths.recordPath),
			);
		} catch (error) {
			// A full disk can leave a partial file; removing it frees what it took.
			fs.unlink(temporary).catch(() => undefined);
			throw error;
		}
		// Replaced between the look and the rename: this record now sits in another claimant's
		// directory. That claimant's own checks see a foreign token and it stops; this holder is
		// lost and writes nothing more (release also refuses a directory that is not its own).
		await this.#expectOwnDirectory('check-after-replace');
	}

	async #expectOwnDirectory(operation: string): Promise<void> {
		const { fs, paths, dirIno } = this.#setup;
		const directory = await this.#timed(operation, paths.lockDir, () => fs.stat(paths.lockDir));
		if (directory.ino !== dirIno) throw new OwnershipLost(operation, paths.lockDir, 'was replaced');
	}

	async #reportFailure(error: unknown): Promise<void> {
		this.#failures += 1;
		const { paths, timings } = this.#setup;
		const failure = await describeFailure(error, paths, this.#failures, (run) =>
			this.#stuck > 0
				? Promise.reject(new Error('filesystem calls are stuck'))
				: withTimeout(
						'statfs',
						paths.lockDir,
						run,
						timings.fsCallTimeoutMs,
						timings.pauseThresholdMs,
					),
		);
		const { cause: _cause, ...fields } = failure;
		log('warn', 'lock.heartbeat-failed', fields);
		if (this.#stopped) return;
		this.#setup.listener.failed(failure, performance.now() - this.#lastSuccessAt);
	}

	// Fires "overdue" once the lease is threatened, even while a refresh is still pending.
	#armWatchdog(period?: number): void {
		clearTimeout(this.#watchdog);
		if (this.#stopped) return;
		const { staleThresholdMs, unhealthyMarginMs, pauseThresholdMs } = this.#setup.timings;
		const unhealthyAfter = staleThresholdMs - unhealthyMarginMs;
		const delay = period ?? Math.max(0, unhealthyAfter - (performance.now() - this.#lastSuccessAt));
		const due = performance.now() + delay;
		this.#watchdog = setTimeout(() => {
			const late = performance.now() - due;
			if (late > pauseThresholdMs) {
				// Suspended, not failing: the refresh due now re-checks ownership; give it a period.
				this.#notePause(late);
				this.#armWatchdog(unhealthyAfter);
				return;
			}
			this.#setup.listener.overdue(performance.now() - this.#lastSuccessAt);
		}, delay);
		this.#watchdog.unref();
	}

	#timed<T>(operation: string, target: string, call: () => Promise<T>): Promise<T> {
		const { fsCallTimeoutMs, pauseThresholdMs } = this.#setup.timings;
		let settled = false;
		let counted = false;
		const running = Promise.resolve()
			.then(call)
			.finally(() => {
				settled = true;
				if (counted) this.#stuck -= 1;
			});
		return withTimeout(operation, target, () => running, fsCallTimeoutMs, pauseThresholdMs).catch(
			(error: unknown) => {
				if (error instanceof FsCallTimeout && !settled) {
					counted = true;
					this.#stuck += 1;
				}
				throw new RefreshStepFailed(operation, target, error);
			},
		);
	}
}
