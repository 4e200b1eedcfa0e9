import { z } from 'zod';

// What `df -h`, `df -i`, `test -w` and the mount table say about the filesystem under a path.
export const filesystemStatusSchema = z.object({
	path: z.string(),
	mountPoint: z.string().nullable(),
	fsType: z.string(),
	totalBytes: z.number(),
	freeBytes: z.number(),
	usedPercent: z.number(),
	totalInodes: z.number().nullable(),
	freeInodes: z.number().nullable(),
	usedInodesPercent: z.number().nullable(),
	readOnly: z.boolean(),
	writable: z.boolean(),
	writeError: z.string().nullable(),
	condition: z.enum(['ok', 'space-full', 'inodes-full', 'read-only', 'not-writable']),
});

export type FilesystemStatus = z.infer<typeof filesystemStatusSchema>;

// Conditions under which a silent heartbeat is explained by the filesystem, not by a dead owner.
export function filesystemExplainsSilence(status: Pick<FilesystemStatus, 'condition'>): boolean {
	return status.condition !== 'ok';
}
