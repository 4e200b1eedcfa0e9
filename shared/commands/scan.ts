import { z } from 'zod';
import { BROWSING_DATA_TYPES, RISK_LEVELS, STORAGE_CATEGORIES } from '../storage-risk.ts';

// Bounds that keep every frame of a scan far below the browser's 1 MB message limit.
export const SCAN_LIMITS = {
	pathChars: 4096,
	pathsPerItem: 4,
	siteChars: 1024,
	browsersInSummary: 32,
	profilesInSummary: 200,
	problemsInSummary: 10,
	topItemsInSummary: 10,
	// Items are sent in pages of at most this many bytes of JSON.
	pageBytes: 256 * 1024,
} as const;

const text = (max: number) => z.string().max(max);
const count = z.number().int().nonnegative();
const bytes = z.number().nonnegative();

export const scanItemSchema = z.object({
	// Stable across scans of the same data: the id a later delete names.
	id: z.string().min(1).max(64),
	browser: text(32),
	browserLabel: text(64),
	userDataDir: text(SCAN_LIMITS.pathChars),
	// The profile folder ("Default", "Profile 1"); null for browser-wide folders.
	profile: text(255).nullable(),
	profileName: text(255).nullable(),
	category: z.enum(STORAGE_CATEGORIES),
	site: text(SCAN_LIMITS.siteChars).nullable(),
	detail: text(512).nullable(),
	allocatedBytes: bytes,
	apparentBytes: bytes,
	files: count,
	risk: z.enum(RISK_LEVELS),
	consequence: text(512),
	hostDeletable: z.boolean(),
	// Set when the extension can clear it with chrome.browsingData.remove().
	browserApi: z
		.object({
			dataTypes: z.array(z.enum(BROWSING_DATA_TYPES)).max(BROWSING_DATA_TYPES.length),
			origins: z.array(text(SCAN_LIMITS.siteChars)).max(1).nullable(),
		})
		.nullable(),
	paths: z.array(text(SCAN_LIMITS.pathChars)).max(SCAN_LIMITS.pathsPerItem),
	pathCount: count,
});
export type ScanItem = z.infer<typeof scanItemSchema>;

const riskTotalsSchema = z.object({ allocatedBytes: bytes, reclaimableBytes: bytes, items: count });

export const scanSummarySchema = z.object({
	scanId: z.string().max(64),
	scannedAt: z.string().max(64),
	durationMs: bytes,
	itemCount: count,
	pageCount: count,
	allocatedBytes: bytes,
	apparentBytes: bytes,
	files: count,
	byRisk: z.object({ low: riskTotalsSchema, medium: riskTotalsSchema, high: riskTotalsSchema }),
	byCategory: z
		.array(z.object({ category: z.enum(STORAGE_CATEGORIES), allocatedBytes: bytes, items: count }))
		.max(STORAGE_CATEGORIES.length),
	browsers: z
		.array(
			z.object({
				browser: text(32),
				label: text(64),
				userDataDir: text(SCAN_LIMITS.pathChars),
				running: z.enum(['running', 'not-running', 'unknown']),
				allocatedBytes: bytes,
				// "too-large": bigger than the host reads; it is listed in problems.
				quotaDatabase: z.enum(['ok', 'missing', 'unreadable', 'corrupt', 'too-large', 'mixed']),
				profiles: z
					.array(z.object({ dir: text(255), name: text(255).nullable(), allocatedBytes: bytes }))
					.max(SCAN_LIMITS.profilesInSummary),
				profilesOmitted: count,
			}),
		)
		.max(SCAN_LIMITS.browsersInSummary),
	browsersOmitted: count,
	topItemIds: z.array(z.string().max(64)).max(SCAN_LIMITS.topItemsInSummary),
	unreadable: count,
	vanished: count,
	hardLinkOverflow: count,
	problems: z
		.array(
			z.object({
				path: text(SCAN_LIMITS.pathChars),
				code: text(64),
				// "too-large" and "not-a-file": a browser file read for names or sites was skipped
				// (over the host's size cap, or a FIFO, device or symlink); its bytes still count.
				kind: z.enum(['unreadable', 'vanished', 'too-large', 'not-a-file']),
			}),
		)
		.max(SCAN_LIMITS.problemsInSummary),
});
export type ScanSummary = z.infer<typeof scanSummarySchema>;

export const scanProgressSchema = z.object({
	kind: z.literal('progress'),
	phase: z.enum(['discover', 'measure', 'done']),
	browser: text(32).nullable(),
	// The base name of the user-data folder being scanned, which tells two folders apart.
	folder: text(255).nullable(),
	profile: text(255).nullable(),
	entries: count,
	allocatedBytes: bytes,
});
export type ScanProgress = z.infer<typeof scanProgressSchema>;

export const scan = {
	request: z
		.object({
			// Browser ids as in the catalog ("chrome", "edge-beta", ...); all when absent.
			browsers: z.array(z.string().min(1).max(32)).max(16).optional(),
			// Absolute user-data folders to scan instead of the discovered ones.
			userDataDirs: z.array(z.string().min(1).max(SCAN_LIMITS.pathChars)).max(16).optional(),
		})
		.strict(),
	reply: scanSummarySchema,
	// Progress while measuring, then the ranked items, biggest first, in pages.
	event: z.discriminatedUnion('kind', [
		scanProgressSchema,
		z.object({
			kind: z.literal('items'),
			scanId: z.string().max(64),
			pageIndex: count,
			page: z.array(scanItemSchema),
		}),
	]),
};
