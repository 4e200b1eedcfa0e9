import browser from 'webextension-polyfill';
import { isErrorCode, SafeDiskError } from '../../shared/errors.ts';
import { type ClaimMessage, type ClaimRecord, claimReplySchema } from './claim-protocol.ts';
import { readClaim } from './claim-store.ts';

// Sends one claim message to the service worker; a refusal comes back as its coded error.
export async function sendClaimMessage(message: ClaimMessage): Promise<ClaimRecord | null> {
	const reply = claimReplySchema.safeParse(await browser.runtime.sendMessage(message));
	if (!reply.success)
		throw new SafeDiskError('E_BAD_MESSAGE', 'The service worker gave no valid answer.');
	if (reply.data.ok) return reply.data.record;
	const { code, message: text, details } = reply.data.error;
	throw new SafeDiskError(
		isErrorCode(code) ? code : 'E_INTERNAL',
		text,
		details ? { details } : {},
	);
}

export function readFreeCleanup(runId: string): Promise<ClaimRecord | null> {
	return readClaim(browser.storage.local, runId);
}
