import { z } from 'zod';

export const requestIdSchema = z.union([
	z.string().min(1).max(128),
	z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);
export type RequestId = z.infer<typeof requestIdSchema>;
