import { formatCount } from '../../shared/format.ts';
import { CATEGORY_RISK, type RiskLevel } from '../../shared/storage-risk.ts';
import type { DownloadEntry, RankedItem } from './scan-run.ts';

export interface CulpritEntry {
	key: string;
	label: string;
	bytes: number;
	note: string | null;
}

// One line of the ranking: a kind of storage in one browser profile (or browser-wide), or the
// downloads, with the sites or files it is made of.
export interface Culprit {
	key: string;
	label: string;
	where: string;
	bytes: number;
	risk: RiskLevel;
	consequence: string;
	entries: CulpritEntry[];
}

export const DOWNLOADS_CONSEQUENCE = 'Your downloaded files are deleted from disk.';

function whereOf(item: RankedItem): string {
	const profile = item.profileName ?? item.profile;
	return profile ? `${item.browserLabel} · ${profile}` : `${item.browserLabel} · all profiles`;
}

function entryOf(item: RankedItem): CulpritEntry {
	return {
		key: item.id,
		label: item.site ?? item.detail ?? 'Whole folder',
		bytes: item.allocatedBytes,
		note: item.site && item.detail ? item.detail : null,
	};
}

function downloadsCulprit(downloads: readonly DownloadEntry[]): Culprit | null {
	const onDisk = downloads.filter((download) => download.exists);
	if (downloads.length === 0) return null;
	const gone = downloads.length - onDisk.length;
	return {
		key: 'downloads',
		label: 'Downloads',
		where: `${formatCount(onDisk.length)} on disk${gone > 0 ? `, ${formatCount(gone)} already deleted` : ''}`,
		bytes: onDisk.reduce((sum, download) => sum + download.bytes, 0),
		// User files: losing one is never a cache miss.
		risk: 'high',
		consequence: DOWNLOADS_CONSEQUENCE,
		entries: downloads.map((download) => ({
			key: `download-${download.id}`,
			label: download.fileName,
			bytes: download.exists ? download.bytes : 0,
			note: download.exists ? null : 'file no longer on disk',
		})),
	};
}

// Groups helper items by browser folder, profile and kind, merges the downloads in, and ranks
// the groups biggest first; entries inside each group are biggest first too.
export function rankCulprits(
	items: readonly RankedItem[],
	downloads: readonly DownloadEntry[],
): Culprit[] {
	const groups = new Map<string, Culprit>();
	for (const item of items) {
		if (item.allocatedBytes === 0) continue;
		const key = JSON.stringify([item.userDataDir, item.profile, item.category]);
		let group = groups.get(key);
		if (!group) {
			group = {
				key,
				label: CATEGORY_RISK[item.category].label,
				where: whereOf(item),
				bytes: 0,
				risk: item.risk,
				consequence: item.consequence,
				entries: [],
			};
			groups.set(key, group);
		}
		group.bytes += item.allocatedBytes;
		group.entries.push(entryOf(item));
	}
	const culprits = [...groups.values()];
	const fromDownloads = downloadsCulprit(downloads);
	if (fromDownloads) culprits.push(fromDownloads);
	for (const culprit of culprits) culprit.entries.sort((a, b) => b.bytes - a.bytes);
	return culprits.sort((a, b) => b.bytes - a.bytes || a.label.localeCompare(b.label));
}
