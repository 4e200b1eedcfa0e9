import { z } from 'zod';

// The one free cleanup of a scan run is claimed through the service worker, which applies the
// claims one at a time to extension storage; these are its messages and its stored record.
export const CLAIM_KEY_PREFIX = 'freeCleanup:';

export const cleanupResultSchema = z.object({
	// Measured on disk: the helper's before-and-after, or the same item in a new scan.
	freedBytes: z.number().nonnegative(),
	// What is left of the item afterwards.
	remainingBytes: z.number().nonnegative(),
	measuredBy: z.enum(['helper', 'rescan']),
});
export type CleanupResult = z.infer<typeof cleanupResultSchema>;

const claimTarget = {
	runId: z.string().min(1).max(300),
	itemId: z.string().min(1).max(64),
};

export const claimRecordSchema = z.object({
	...claimTarget,
	label: z.string().max(300),
	estimateBytes: z.number().nonnegative(),
	claimedAt: z.string(),
	status: z.enum(['claimed', 'done']),
	result: cleanupResultSchema.nullable(),
});
export type ClaimRecord = z.infer<typeof claimRecordSchema>;

export const claimMessageSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('free-cleanup/claim'),
		...claimTarget,
		label: z.string().max(300),
		estimateBytes: z.number().nonnegative(),
	}),
	// The deletion happened; its measured result.
	z.object({ type: z.literal('free-cleanup/settle'), ...claimTarget, result: cleanupResultSchema }),
	// The deletion was refused before anything was deleted: the claim is given back.
	z.object({ type: z.literal('free-cleanup/release'), ...claimTarget }),
]);
export type ClaimMessage = z.infer<typeof claimMessageSchema>;

export const claimReplySchema = z.discriminatedUnion('ok', [
	z.object({ ok: z.literal(true), record: claimRecordSchema.nullable() }),
	z.object({
		ok: z.literal(false),
		error: z.object({
			code: z.string(),
			message: z.string(),
			details: z.record(z.string(), z.unknown()).optional(),
		}),
	}),
]);
export type ClaimReply = z.infer<typeof claimReplySchema>;

export function claimKey(runId: string): string {
	return `${CLAIM_KEY_PREFIX}${runId}`;
}
