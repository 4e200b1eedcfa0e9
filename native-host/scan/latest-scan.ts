import type { StorageCategory } from '../../shared/storage-risk.ts';
import type { ItemLocation, ScanItemRecord } from './scan-items.ts';
import type { ScanResult } from './scan-run.ts';

// Where the host keeps the latest scan of a connection, for a later delete to re-validate.
export const LATEST_SCAN_KEY = 'scan:latest';

export interface StoredScanItem {
	id: string;
	browser: string;
	userDataDir: string;
	profile: string | null;
	category: StorageCategory;
	site: string | null;
	allocatedBytes: number;
	hostDeletable: boolean;
	browserApi: ScanItemRecord['browserApi'];
	// Absolute paths, each with the browser folder it lies in.
	locations: ItemLocation[];
}

export interface LatestScan {
	scanId: string;
	scannedAt: number;
	items: Map<string, StoredScanItem>;
	// Taken from the state folder, made by an earlier helper process.
	restored?: boolean;
}

export function rememberScan(memory: Map<string, unknown>, result: ScanResult): LatestScan {
	const items = new Map<string, StoredScanItem>();
	for (const item of result.items) {
		items.set(item.id, {
			id: item.id,
			browser: item.browser,
			userDataDir: item.userDataDir,
			profile: item.profile,
			category: item.category,
			site: item.site,
			allocatedBytes: item.allocatedBytes,
			hostDeletable: item.hostDeletable,
			browserApi: item.browserApi,
			locations: item.locations.map((location) => ({ ...location })),
		});
	}
	const latest: LatestScan = {
		scanId: result.scanId,
		scannedAt: result.scannedAt.getTime(),
		items,
	};
	setLatestScan(memory, latest);
	return latest;
}

// Makes `latest` the connection's latest scan: one it made, or one it took from the state folder.
export function setLatestScan(memory: Map<string, unknown>, latest: LatestScan): void {
	memory.set(LATEST_SCAN_KEY, latest);
}

export function readLatestScan(memory: Map<string, unknown>): LatestScan | null {
	const value = memory.get(LATEST_SCAN_KEY);
	if (typeof value !== 'object' || value === null) return null;
	const candidate = value as Partial<LatestScan>;
	return typeof candidate.scanId === 'string' && candidate.items instanceof Map
		? (value as LatestScan)
		: null;
}

// The latest scan this connection made itself, which its next scan replaces.
export function ownScanId(memory: Map<string, unknown>): string | null {
	const latest = readLatestScan(memory);
	return latest === null || latest.restored ? null : latest.scanId;
}
