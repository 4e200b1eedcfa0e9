import type { LockHealthState, TakeoverReason } from '../../shared/lock-health.ts';
import { log } from '../log.ts';
import type { HeartbeatFailure } from './heartbeat-failure.ts';

// What a holder hears about its lock.
export type LockHealthEvent =
	| {
			kind: 'state-changed';
			state: LockHealthState;
			previous: LockHealthState;
			failure?: HeartbeatFailure;
	  }
	| { kind: 'heartbeat-failed'; state: LockHealthState; failure: HeartbeatFailure }
	| { kind: 'paused'; state: LockHealthState; pausedMs: number };

export type LockHealthListener = (event: LockHealthEvent) => void;

// Set when an acquisition followed an owner that died holding the lock.
export interface TakeoverInfo {
	previousPid: number;
	previousFence: number;
	reason: TakeoverReason;
}

// Listeners run from timers: one that throws is logged and the others still run.
export class HealthListeners {
	readonly #listeners = new Set<LockHealthListener>();
	readonly #lockPath: string;

	constructor(lockPath: string) {
		this.#lockPath = lockPath;
	}

	add(listener: LockHealthListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	emit(event: LockHealthEvent): void {
		for (const listener of this.#listeners) {
			try {
				listener(event);
			} catch (error) {
				log('error', 'lock.listener-threw', { lockPath: this.#lockPath, error: String(error) });
			}
		}
	}
}
