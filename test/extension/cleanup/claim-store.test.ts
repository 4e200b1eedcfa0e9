import { describe, expect, it } from 'vitest';
import {
	applyClaimMessage,
	type ClaimStorage,
	readClaim,
} from '../../../extension/cleanup/claim-store.ts';
import { serialQueue } from '../../../extension/cleanup/serial-queue.ts';
import { SafeDiskError } from '../../../shared/errors.ts';

// chrome.storage.local as a map whose reads and writes each take a turn of the event loop, so
// unserialized claims would interleave.
function memoryStorage(): ClaimStorage & { data: Map<string, unknown> } {
	const data = new Map<string, unknown>();
	const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
	return {
		data,
		async get(key) {
			await tick();
			return data.has(key) ? { [key]: structuredClone(data.get(key)) } : {};
		},
		async set(items) {
			await tick();
			for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value));
		},
		async remove(key) {
			await tick();
			data.delete(key);
		},
	};
}

const claim = (itemId: string, runId = 'run-1') =>
	({ type: 'free-cleanup/claim', runId, itemId, label: itemId, estimateBytes: 100 }) as const;

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
	try {
		await promise;
		return null;
	} catch (error) {
		return error instanceof SafeDiskError ? error.code : 'not a SafeDiskError';
	}
}

describe('the free cleanup claim', () => {
	it('is granted once per scan run and refused after with E_FREE_CLEANUP_USED', async () => {
		const storage = memoryStorage();
		expect(await applyClaimMessage(storage, claim('a'))).toMatchObject({
			itemId: 'a',
			status: 'claimed',
		});
		expect(await codeOf(applyClaimMessage(storage, claim('b')))).toBe('E_FREE_CLEANUP_USED');
		expect(await applyClaimMessage(storage, claim('b', 'run-2'))).toMatchObject({ runId: 'run-2' });
	});

	it('stays used once settled, and keeps the measured result', async () => {
		const storage = memoryStorage();
		await applyClaimMessage(storage, claim('a'));
		const result = { freedBytes: 90, remainingBytes: 10, measuredBy: 'rescan' } as const;
		await applyClaimMessage(storage, {
			type: 'free-cleanup/settle',
			runId: 'run-1',
			itemId: 'a',
			result,
		});
		expect(await readClaim(storage, 'run-1')).toMatchObject({ status: 'done', result });
		const release = { type: 'free-cleanup/release', runId: 'run-1', itemId: 'a' } as const;
		expect(await codeOf(applyClaimMessage(storage, release))).toBe('E_FREE_CLEANUP_USED');
		expect(await codeOf(applyClaimMessage(storage, claim('a')))).toBe('E_FREE_CLEANUP_USED');
	});

	it('is given back when the deletion was refused before anything was deleted', async () => {
		const storage = memoryStorage();
		await applyClaimMessage(storage, claim('a'));
		await applyClaimMessage(storage, { type: 'free-cleanup/release', runId: 'run-1', itemId: 'a' });
		expect(await applyClaimMessage(storage, claim('b'))).toMatchObject({ itemId: 'b' });
	});

	it('grants exactly one of many simultaneous claims when they go through the queue', async () => {
		const storage = memoryStorage();
		const enqueue = serialQueue();
		const outcomes = await Promise.all(
			['a', 'b', 'c', 'd'].map((item) =>
				codeOf(enqueue(() => applyClaimMessage(storage, claim(item)))),
			),
		);
		expect(outcomes.filter((code) => code === null)).toHaveLength(1);
		expect(outcomes.filter((code) => code === 'E_FREE_CLEANUP_USED')).toHaveLength(3);
	});

	it('would grant several claims without the queue, which is why the worker serializes them', async () => {
		const storage = memoryStorage();
		const outcomes = await Promise.all(
			['a', 'b'].map((item) => codeOf(applyClaimMessage(storage, claim(item)))),
		);
		expect(outcomes).toEqual([null, null]);
	});
});
