import browser from 'webextension-polyfill';
import type { ScanProgress } from '../../shared/commands/scan.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import type { CommandRequest } from '../../shared/protocol.ts';
import { findOwnProfile } from '../cleanup/own-profile.ts';
import { readDownloads } from '../downloads/read-downloads.ts';
import { HostClient } from '../host/host-client.ts';
import type { Settings } from '../settings/settings.ts';
import { saveScan } from './saved-scan.ts';
import { type RankedItem, runIdOf, type ScanPart, type ScanRun } from './scan-run.ts';

// A finished run, with the helper connections that scanned it: the helper deletes only items of
// the latest scan of the same connection, so they stay open while the popup does (a later popup
// reaches the scan through the helper's state folder).
export interface LiveScan {
	run: ScanRun;
	clients: Map<string, HostClient>;
}

interface ScanSource {
	source: ScanPart['source'];
	request: CommandRequest<'scan'>;
}

// The browsers SafeDisk finds by itself, and the folders set on the options page. The helper
// scans named folders instead of the found ones, so each set gets a scan of its own.
export function scanSources(settings: Settings): ScanSource[] {
	const sources: ScanSource[] = [{ source: 'discovered', request: {} }];
	if (settings.scanFolders.length > 0)
		sources.push({ source: 'configured', request: { userDataDirs: settings.scanFolders } });
	return sources;
}

async function scanOne(source: ScanSource, onProgress: (progress: ScanProgress) => void) {
	const client = new HostClient();
	const items: RankedItem[] = [];
	try {
		const summary = await client.request('scan', source.request, {
			onEvent: (event) => {
				if (event.kind === 'items')
					items.push(...event.page.map((item) => ({ ...item, scanId: event.scanId })));
				else onProgress(event);
			},
		});
		return { part: { source: source.source, scanId: summary.scanId, summary }, client, items };
	} catch (error) {
		client.disconnect();
		throw error;
	}
}

async function measureDisks(client: HostClient, dirs: readonly string[]) {
	const disks: FilesystemStatus[] = [];
	for (const dir of dirs.slice(0, 4)) {
		const status = await client.request('disk-status', { path: dir }).catch(() => null);
		if (status && !disks.some((disk) => disk.mountPoint === status.mountPoint)) disks.push(status);
	}
	return disks;
}

// One press of "Scan": every source at once, then the downloads; saved for the next popup.
export async function runScan(
	settings: Settings,
	onProgress: (source: ScanPart['source'], progress: ScanProgress) => void,
): Promise<LiveScan> {
	const scanned = await Promise.allSettled(
		scanSources(settings).map((source) =>
			scanOne(source, (progress) => onProgress(source.source, progress)),
		),
	);
	const done = scanned.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
	const failed = scanned.find((result) => result.status === 'rejected');
	if (failed) {
		for (const { client } of done) client.disconnect();
		throw failed.reason;
	}
	// A configured folder that SafeDisk also found by itself is listed once.
	const found = new Set(
		done.flatMap(({ part }) =>
			part.source === 'discovered' ? part.summary.browsers.map((entry) => entry.userDataDir) : [],
		),
	);
	const items = done
		.flatMap(({ part, items }) =>
			part.source === 'configured' ? items.filter((item) => !found.has(item.userDataDir)) : items,
		)
		.sort((a, b) => b.allocatedBytes - a.allocatedBytes);
	const parts = done.map(({ part }) => part);
	const browsers = parts.flatMap((part) => part.summary.browsers);
	const first = done[0]?.client;
	const run: ScanRun = {
		runId: runIdOf(parts),
		scannedAt: new Date().toISOString(),
		parts,
		items,
		downloads: await readDownloads(),
		ownProfile: findOwnProfile(items, browsers, browser.runtime.id),
		disks: first
			? await measureDisks(
					first,
					browsers.filter((entry) => entry.allocatedBytes > 0).map((entry) => entry.userDataDir),
				)
			: [],
	};
	await saveScan(run);
	return { run, clients: new Map(done.map(({ part, client }) => [part.scanId, client])) };
}

// Without the helper only the browser's own APIs answer: the downloads.
export async function runDownloadsOnly(): Promise<ScanRun> {
	return {
		runId: runIdOf([]),
		scannedAt: new Date().toISOString(),
		parts: [],
		items: [],
		downloads: await readDownloads(),
		ownProfile: { kind: 'not-found' },
		disks: [],
	};
}
