import { z } from 'zod';
import { scanItemSchema, scanSummarySchema } from '../../shared/commands/scan.ts';
import { filesystemStatusSchema } from '../../shared/filesystem-status.ts';

// An item of a helper scan, with the scan that listed it (a delete must name that scan).
export const rankedItemSchema = scanItemSchema.extend({ scanId: z.string() });
export type RankedItem = z.infer<typeof rankedItemSchema>;

// What the downloads API says about one download: no address, only the file's name and size.
export const downloadEntrySchema = z.object({
	id: z.number(),
	fileName: z.string(),
	bytes: z.number(),
	exists: z.boolean(),
});
export type DownloadEntry = z.infer<typeof downloadEntrySchema>;

// Which scanned profile the extension runs in: chrome.browsingData reaches only that one.
export const ownProfileSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('found'), userDataDir: z.string(), profile: z.string() }),
	z.object({ kind: z.literal('not-found') }),
	z.object({ kind: z.literal('ambiguous'), count: z.number() }),
]);
export type OwnProfile = z.infer<typeof ownProfileSchema>;

export const scanPartSchema = z.object({
	// Browsers SafeDisk found by itself, or the folders set on the options page.
	source: z.enum(['discovered', 'configured']),
	scanId: z.string(),
	summary: scanSummarySchema,
});
export type ScanPart = z.infer<typeof scanPartSchema>;

// One press of "Scan": the helper scans it ran, the downloads, and what was measured around them.
// `runId` names the run for its one free cleanup.
export const scanRunSchema = z.object({
	runId: z.string(),
	scannedAt: z.string(),
	parts: z.array(scanPartSchema),
	items: z.array(rankedItemSchema),
	downloads: z.array(downloadEntrySchema),
	ownProfile: ownProfileSchema,
	disks: z.array(filesystemStatusSchema),
});
export type ScanRun = z.infer<typeof scanRunSchema>;

// Every byte the run lists as reclaimable: helper items anyone may delete, and downloads on disk.
export function reclaimableBytes(run: Pick<ScanRun, 'parts' | 'downloads'>): number {
	let total = 0;
	for (const { summary } of run.parts)
		for (const risk of Object.values(summary.byRisk)) total += risk.reclaimableBytes;
	for (const download of run.downloads) if (download.exists) total += download.bytes;
	return total;
}

export function runIdOf(parts: readonly Pick<ScanPart, 'scanId'>[]): string {
	return parts.map((part) => part.scanId).join('+') || 'downloads-only';
}
