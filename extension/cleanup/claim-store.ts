import { SafeDiskError } from '../../shared/errors.ts';
import {
	type ClaimMessage,
	type ClaimRecord,
	claimKey,
	claimRecordSchema,
} from './claim-protocol.ts';

// The part of chrome.storage.local the claims use; a map stands in for it in tests.
export interface ClaimStorage {
	get(key: string): Promise<Record<string, unknown>>;
	set(items: Record<string, unknown>): Promise<void>;
	remove(key: string): Promise<void>;
}

async function readRecord(storage: ClaimStorage, runId: string): Promise<ClaimRecord | null> {
	const key = claimKey(runId);
	const parsed = claimRecordSchema.safeParse((await storage.get(key))[key]);
	return parsed.success ? parsed.data : null;
}

function used(record: ClaimRecord): SafeDiskError {
	return new SafeDiskError(
		'E_FREE_CLEANUP_USED',
		'The free cleanup of this scan was already used.',
		{
			details: { itemId: record.itemId, status: record.status },
		},
	);
}

// Applies one claim message. Not safe to run concurrently: the caller serializes the calls.
export async function applyClaimMessage(
	storage: ClaimStorage,
	message: ClaimMessage,
	now: Date = new Date(),
): Promise<ClaimRecord | null> {
	const existing = await readRecord(storage, message.runId);
	const key = claimKey(message.runId);
	if (message.type === 'free-cleanup/claim') {
		if (existing) throw used(existing);
		const record: ClaimRecord = {
			runId: message.runId,
			itemId: message.itemId,
			label: message.label,
			estimateBytes: message.estimateBytes,
			claimedAt: now.toISOString(),
			status: 'claimed',
			result: null,
		};
		await storage.set({ [key]: record });
		return record;
	}
	// Only the claimed item, and only while its deletion is pending, may be settled or released.
	if (!existing || existing.itemId !== message.itemId || existing.status !== 'claimed') {
		if (existing) throw used(existing);
		throw new SafeDiskError('E_BAD_MESSAGE', 'No free cleanup of this scan was claimed.');
	}
	if (message.type === 'free-cleanup/release') {
		await storage.remove(key);
		return null;
	}
	const record: ClaimRecord = { ...existing, status: 'done', result: message.result };
	await storage.set({ [key]: record });
	return record;
}

export async function readClaim(storage: ClaimStorage, runId: string): Promise<ClaimRecord | null> {
	return readRecord(storage, runId);
}
