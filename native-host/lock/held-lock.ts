import { SafeDiskError } from '../../shared/errors.ts';
import type { LockHealthState, UnhealthyPolicy } from '../../shared/lock-health.ts';
import { log } from '../log.ts';
import type { ClaimContext } from './claim.ts';
import { forgetOnExit, releaseOnExit } from './exit-release.ts';
import { Heartbeat, type HeartbeatListener } from './heartbeat.ts';
import type { HeartbeatFailure } from './heartbeat-failure.ts';
import { errnoOf, isTerminalFailure, lockIoError, lostError } from './lock-errors.ts';
import { HealthListeners, type LockHealthListener, type TakeoverInfo } from './lock-events.ts';
import type { OwnerRecord } from './owner-record.ts';
import { type ReleaseOutcome, releaseDirectory } from './release-directory.ts';

export interface HeldLockSetup {
	context: ClaimContext;
	record: OwnerRecord;
	dirIno: number;
	policy: UnhealthyPolicy;
	takeover: TakeoverInfo | null;
	// The sequence of the fencing-ledger entry this holder wrote last.
	ledger: { sequence: number };
}

// A lock this process holds: its fencing number, its health, and the signal that tells the
// protected work to stop.
export class HeldLock {
	readonly resource: string;
	readonly lockPath: string;
	readonly heartbeatPath: string;
	readonly fence: number;
	readonly token: string;
	readonly policy: UnhealthyPolicy;
	readonly takeover: TakeoverInfo | null;
	readonly #context: ClaimContext;
	readonly #record: OwnerRecord;
	readonly #dirIno: number;
	readonly #ledger: { sequence: number };
	// Made on first use: most locks are released without anyone asking for their signal.
	#controller: AbortController | null = null;
	#stopReason: (() => SafeDiskError) | null = null;
	readonly #listeners: HealthListeners;
	#heartbeat: Heartbeat;
	#state: LockHealthState = 'healthy';

	constructor({ context, record, dirIno, policy, takeover, ledger }: HeldLockSetup) {
		this.#ledger = ledger;
		this.#listeners = new HealthListeners(context.paths.lockDir);
		this.#context = context;
		this.takeover = takeover;
		this.#record = record;
		this.#dirIno = dirIno;
		this.resource = context.paths.resource;
		this.lockPath = context.paths.lockDir;
		this.heartbeatPath = context.paths.recordPath;
		this.fence = record.fence;
		this.token = record.token;
		this.policy = policy;
		this.#heartbeat = this.#startHeartbeat();
		releaseOnExit(this);
	}

	get health(): LockHealthState {
		return this.#state;
	}

	// Fires when the protected work must stop: unhealthy (policies abort and release), lost, released.
	get signal(): AbortSignal {
		if (this.#controller === null) {
			this.#controller = new AbortController();
			if (this.#stopReason) this.#controller.abort(this.#stopReason());
		}
		return this.#controller.signal;
	}

	onHealth(listener: LockHealthListener): () => void {
		return this.#listeners.add(listener);
	}

	// Re-reads the owner record now; throws ELOCK_LOST if it names someone else. Protected work
	// calls this before a step that must not run twice, for example after a long pause.
	async checkOwnership(): Promise<void> {
		if (this.#state === 'released')
			throw new SafeDiskError('ELOCK_NOT_HELD', `${this.lockPath} was released`);
		try {
			await this.#heartbeat.verifyOwnership();
		} catch (error) {
			const errno = errnoOf(error);
			if (errno === 'ELOCK_LOST' || errno === 'ENOENT' || errno === 'ENOTDIR') {
				this.#lose();
				throw lostError(this.lockPath, 'the owner record is gone or names another owner');
			}
			throw lockIoError(error, 'check-ownership', this.lockPath);
		}
		if (this.#state === 'lost') throw lostError(this.lockPath, 'ownership was lost earlier');
	}

	// Gives the lock back after checking the token. Never removes a lock it does not own: that is
	// reported as ELOCK_LOST and the current holder's directory stays.
	async release(): Promise<void> {
		if (this.#state === 'released') return;
		await this.#heartbeat.stop();
		this.#releaseNow();
	}

	releaseOnExit(): void {
		if (this.#state === 'released') return;
		void this.#heartbeat.stop();
		try {
			this.#releaseNow();
		} catch (error) {
			log('warn', 'lock.exit-release-failed', { lockPath: this.lockPath, errno: errnoOf(error) });
		}
	}

	#releaseNow(): void {
		let outcome: ReleaseOutcome;
		try {
			outcome = releaseDirectory(this.#context, this.#record, this.#dirIno, this.#ledger);
		} catch (error) {
			// A release that could not complete keeps the lock held, and its heartbeat going.
			if (this.#heartbeat.stopped && this.#state !== 'lost')
				this.#heartbeat = this.#startHeartbeat();
			throw error;
		}
		if (outcome.kind === 'not-ours') {
			this.#lose();
			throw lostError(this.lockPath, outcome.found);
		}
		this.#finish(
			'released',
			() => new SafeDiskError('ELOCK_NOT_HELD', `${this.lockPath} was released`),
		);
	}

	#startHeartbeat(): Heartbeat {
		const listener: HeartbeatListener = {
			refreshed: () => {
				if (this.#state === 'degraded' || this.#state === 'unhealthy') this.#setState('healthy');
			},
			failed: (failure, sinceSuccess) => this.#onFailure(failure, sinceSuccess),
			overdue: () => this.#becomeUnhealthy(undefined),
			paused: (pausedMs) => {
				log('info', 'lock.paused', { lockPath: this.lockPath, pausedMs });
				this.#listeners.emit({ kind: 'paused', state: this.#state, pausedMs });
			},
		};
		const { paths, fs, timings } = this.#context;
		const heartbeat = new Heartbeat({
			paths,
			fs,
			timings,
			record: this.#record,
			dirIno: this.#dirIno,
			listener,
		});
		heartbeat.start();
		return heartbeat;
	}

	#onFailure(failure: HeartbeatFailure, sinceSuccess: number): void {
		this.#listeners.emit({ kind: 'heartbeat-failed', state: this.#state, failure });
		const { staleThresholdMs, unhealthyMarginMs } = this.#context.timings;
		if (isTerminalFailure(failure.failureClass)) {
			this.#lose(failure);
		} else if (sinceSuccess >= staleThresholdMs - unhealthyMarginMs) {
			this.#becomeUnhealthy(failure);
		} else if (this.#state === 'healthy') {
			this.#setState('degraded', failure);
		}
	}

	#becomeUnhealthy(failure: HeartbeatFailure | undefined): void {
		if (this.#state !== 'healthy' && this.#state !== 'degraded') return;
		this.#setState('unhealthy', failure);
		if (this.policy === 'keep') return;
		this.#stop(() => new SafeDiskError('ELOCK_UNHEALTHY', `${this.lockPath}: heartbeat failing`));
		if (this.policy === 'release') {
			this.release().catch((error: unknown) => {
				log('warn', 'lock.policy-release-failed', {
					lockPath: this.lockPath,
					errno: errnoOf(error),
				});
			});
		}
	}

	#lose(failure?: HeartbeatFailure): void {
		if (this.#state === 'lost' || this.#state === 'released') return;
		void this.#heartbeat.stop();
		this.#finish(
			'lost',
			() => lostError(this.lockPath, 'the lock was removed or taken over'),
			failure,
		);
	}

	// Tells the protected work to stop; the first reason given is the one it sees.
	#stop(reason: () => SafeDiskError): void {
		if (this.#stopReason) return;
		this.#stopReason = reason;
		this.#controller?.abort(reason());
	}

	#finish(
		state: 'lost' | 'released',
		reason: () => SafeDiskError,
		failure?: HeartbeatFailure,
	): void {
		this.#setState(state, failure);
		this.#stop(reason);
		forgetOnExit(this);
	}

	#setState(state: LockHealthState, failure?: HeartbeatFailure): void {
		const previous = this.#state;
		if (previous === state) return;
		this.#state = state;
		// The record carries the mark to contenders on the next refresh (policy keep relies on it).
		if (state === 'healthy' || state === 'degraded' || state === 'unhealthy')
			this.#record.state = state;
		const quiet = state === 'healthy' || state === 'released';
		log(quiet ? 'info' : 'warn', 'lock.health', {
			lockPath: this.lockPath,
			state,
			previous,
		});
		this.#listeners.emit(
			failure
				? { kind: 'state-changed', state, previous, failure }
				: { kind: 'state-changed', state, previous },
		);
	}
}
