import { z } from 'zod';

export const ping = {
	request: z.object({}).strict(),
	reply: z.object({
		hostVersion: z.string(),
		protocolVersion: z.number(),
		nodeVersion: z.string(),
		platform: z.string(),
		arch: z.string(),
		homeDir: z.string(),
	}),
};
