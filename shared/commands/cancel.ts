import { z } from 'zod';
import { requestIdSchema } from '../request-id.ts';

export const cancel = {
	request: z.object({ id: requestIdSchema }).strict(),
	reply: z.object({ cancelled: z.boolean() }),
};
