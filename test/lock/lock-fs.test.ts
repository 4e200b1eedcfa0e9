import { describe, expect, it } from 'vitest';
import { withTimeout } from '../../native-host/lock/lock-fs.ts';

function blockFor(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// A call that needs the event loop twice to answer, as a file read does.
function answersAfter(ms: number): () => Promise<string> {
	return () =>
		new Promise((resolve) => setTimeout(() => setImmediate(() => resolve('answered')), ms));
}

describe('a filesystem call with a time-out', () => {
	it('does not hold time the process was kept from running against the call', async () => {
		const result = withTimeout('read', '/lock', answersAfter(50), 400, 1000);
		// Stopped or throttled: longer than the time-out, shorter than a pause.
		blockFor(700);
		await expect(result).resolves.toBe('answered');
	});

	it('times out a call that never answers', async () => {
		const result = withTimeout('read', '/lock', () => new Promise<never>(() => {}), 400, 1000);
		await expect(result).rejects.toMatchObject({ code: 'ETIMEDOUT', syscall: 'read' });
	});

	it('still times out a call that never answers while the process keeps being slowed down', async () => {
		const slowing = setInterval(() => blockFor(120), 150);
		try {
			const result = withTimeout('read', '/lock', () => new Promise<never>(() => {}), 400, 1000);
			await expect(result).rejects.toMatchObject({ code: 'ETIMEDOUT' });
		} finally {
			clearInterval(slowing);
		}
	});
});
