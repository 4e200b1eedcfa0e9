import { type AcquireOptions, acquireLock } from '../../native-host/lock/acquire.ts';
import type { HeldLock } from '../../native-host/lock/held-lock.ts';
import type { LockHealthEvent } from '../../native-host/lock/lock-events.ts';

// A lock acquired in this process with every health event it emits kept for the test.
export interface WatchedLock {
	lock: HeldLock;
	events: LockHealthEvent[];
	// Resolves with the first matching event, past or future; rejects after `timeoutMs`.
	until(match: (event: LockHealthEvent) => boolean, timeoutMs?: number): Promise<LockHealthEvent>;
}

export async function acquireWatched(
	resource: string,
	options: AcquireOptions = {},
): Promise<WatchedLock> {
	const events: LockHealthEvent[] = [];
	const lock = await acquireLock(resource, { onHealth: (event) => events.push(event), ...options });
	return {
		lock,
		events,
		until(match, timeoutMs = 6000) {
			const started = Date.now();
			return new Promise((resolve, reject) => {
				const poll = (): void => {
					const found = events.find(match);
					if (found) resolve(found);
					else if (Date.now() - started > timeoutMs) reject(new Error('no such health event'));
					else setTimeout(poll, 20);
				};
				poll();
			});
		},
	};
}
