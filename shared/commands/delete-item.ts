import { z } from 'zod';

// Names an item of the host's latest scan; paths never travel in this message.
export const deleteItem = {
	request: z
		.object({
			scanId: z.string().min(1).max(64),
			itemId: z.string().min(1).max(64),
			// The size the user saw and approved; a bigger item is refused.
			approvedBytes: z.number().int().nonnegative(),
		})
		.strict(),
	reply: z.object({
		itemId: z.string(),
		// Measured: allocated bytes before minus allocated bytes after.
		freedBytes: z.number().nonnegative(),
		remainingBytes: z.number().nonnegative(),
		auditLogged: z.boolean(),
	}),
};
