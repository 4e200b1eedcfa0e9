import browser, { type Runtime } from 'webextension-polyfill';
import { toWireError } from '../../shared/errors.ts';
import { type ClaimReply, claimMessageSchema } from '../cleanup/claim-protocol.ts';
import { applyClaimMessage } from '../cleanup/claim-store.ts';
import { serialQueue } from '../cleanup/serial-queue.ts';

// The only state the worker keeps in memory: the queue that makes two claims of the same scan,
// from two popups or two clicks, read and write storage one after the other.
const enqueue = serialQueue();

// Answers free-cleanup messages from SafeDisk's own pages and leaves every other message alone.
export function handleFreeCleanupMessage(
	message: unknown,
	sender: Runtime.MessageSender,
): Promise<ClaimReply> | undefined {
	const parsed = claimMessageSchema.safeParse(message);
	if (!parsed.success || sender.id !== browser.runtime.id) return undefined;
	return enqueue(() => applyClaimMessage(browser.storage.local, parsed.data)).then(
		(record): ClaimReply => ({ ok: true, record }),
		(error: unknown): ClaimReply => ({ ok: false, error: toWireError(error) }),
	);
}
