import { z } from 'zod';
import { filesystemStatusSchema } from '../filesystem-status.ts';

export const diskStatus = {
	request: z
		.object({
			// Absolute path, or "~" / "~/..." for the user's home folder. Defaults to the home folder.
			path: z.string().min(1).max(4096).optional(),
		})
		.strict(),
	reply: filesystemStatusSchema,
};
