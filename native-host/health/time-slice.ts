import { setImmediate as nextTurn } from 'node:timers/promises';

const SLICE_MS = 15;

// The checker's filesystem calls are synchronous (microseconds each, where a promise round trip
// costs more than the call); this hands the event loop back every few milliseconds so the host
// still reads cancel requests and writes pages while thousands of locks are judged.
export class TimeSlice {
	private started = performance.now();

	constructor(private readonly signal?: AbortSignal) {}

	async pause(): Promise<void> {
		if (performance.now() - this.started < SLICE_MS) return;
		await nextTurn();
		this.signal?.throwIfAborted();
		this.started = performance.now();
	}
}
