import { z } from 'zod';

// How long an approved item stays deletable after the scan that listed it. Longer, and the user
// approved a picture of the disk that may no longer be true.
export const DELETE_WINDOW_MS = 15 * 60 * 1000;

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
