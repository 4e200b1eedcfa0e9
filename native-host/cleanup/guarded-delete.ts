import { DELETE_WINDOW_MS } from '../../shared/commands/delete-item.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import { CATEGORY_RISK } from '../../shared/storage-risk.ts';
import { currentPlatformEnvironment } from '../browsers/catalog.ts';
import { cacheRootsFor } from '../scan/installs.ts';
import { type LatestScan, readLatestScan, type StoredScanItem } from '../scan/latest-scan.ts';
import { holdsLocalState } from '../scan/plan-install.ts';
import { WalkPool } from '../scan/walk-pool.ts';
import { exceedsApproval } from './cleanup-defaults.ts';
import { recordedIdentity } from './item-identity.ts';
import { changed, checkItemLocation } from './item-location-check.ts';
import { removeThroughTombstone } from './tombstone-removal.ts';

export interface DeleteRequest {
	scanId: string;
	itemId: string;
	approvedBytes: number;
}

export interface DeleteOutcome {
	item: StoredScanItem;
	freedBytes: number;
	remainingBytes: number;
}

const CLOCK_SKEW_MS = 60_000;

// One deletion at a time per connection: a second request for the same item finds it gone.
const queues = new WeakMap<Map<string, unknown>, Promise<unknown>>();

// Deletes one host-deletable item the user approved: re-validated on disk, never through a
// symlink or a swapped folder, never grown past what was approved, measured before and after.
export function deleteApprovedItem(
	memory: Map<string, unknown>,
	request: DeleteRequest,
	signal?: AbortSignal,
): Promise<DeleteOutcome> {
	const previous = queues.get(memory) ?? Promise.resolve();
	const run = previous.then(() => deleteNow(memory, request, signal));
	queues.set(
		memory,
		run.catch(() => undefined),
	);
	return run;
}

async function deleteNow(
	memory: Map<string, unknown>,
	request: DeleteRequest,
	signal?: AbortSignal,
): Promise<DeleteOutcome> {
	const item = findApprovedItem(memory, request);
	if (!item.hostDeletable || !CATEGORY_RISK[item.category].hostDeletable) {
		throw new SafeDiskError(
			'E_ITEM_NOT_DELETABLE',
			`${CATEGORY_RISK[item.category].label} is removed through the browser, not by the SafeDisk helper.`,
		);
	}
	if (item.locations.length === 0 || item.locations.some((location) => !location.whole)) {
		throw new SafeDiskError(
			'E_ITEM_NOT_DELETABLE',
			'Only whole folders or files are deleted by the helper.',
		);
	}
	if (request.approvedBytes < item.allocatedBytes) {
		throw new SafeDiskError(
			'E_BAD_PAYLOAD',
			`approvedBytes (${request.approvedBytes}) is below the size the scan listed (${item.allocatedBytes}); approve the listed size.`,
		);
	}
	await requireBrowserFolder(item.userDataDir);
	const allowedRoots = browserRoots(item.userDataDir);
	const recorded = item.locations.map((location) => ({
		...location,
		rootIdentity: recordedIdentity(memory, request.scanId, location.root),
		pathIdentity: recordedIdentity(memory, request.scanId, location.path),
	}));
	for (const location of recorded) {
		if (!allowedRoots.includes(location.root))
			throw changed(location.path, 'is not in the browser folder or its cache folder');
		await checkItemLocation(location);
	}
	const paths = item.locations.map((location) => location.path);
	const before = await measureAllocated(paths, signal);
	if (exceedsApproval(before, request.approvedBytes)) {
		throw new SafeDiskError('E_ITEM_GREW', 'The item grew since you approved it; scan again.', {
			details: { approvedBytes: request.approvedBytes, currentBytes: before },
		});
	}
	signal?.throwIfAborted();
	try {
		for (const location of recorded) await removeThroughTombstone(location);
	} catch (error) {
		if (error instanceof SafeDiskError && error.code === 'E_DELETE_INCOMPLETE') {
			const remaining = await measureAllocated(paths);
			throw new SafeDiskError('E_DELETE_INCOMPLETE', error.message, {
				cause: error.cause,
				details: { freedBytes: Math.max(0, before - remaining), remainingBytes: remaining },
			});
		}
		throw error;
	}
	const remainingBytes = await measureAllocated(paths);
	return { item, freedBytes: Math.max(0, before - remainingBytes), remainingBytes };
}

function findApprovedItem(memory: Map<string, unknown>, request: DeleteRequest, now = Date.now()) {
	const latest: LatestScan | null = readLatestScan(memory);
	if (latest === null)
		throw new SafeDiskError('E_ITEM_UNKNOWN', 'No scan has listed any item yet; scan first.');
	if (latest.scanId !== request.scanId) {
		throw new SafeDiskError('E_ITEM_EXPIRED', 'The item is not from the latest scan; scan again.');
	}
	// A scan from the future comes from a clock that jumped or a file someone wrote: never valid.
	if (now - latest.scannedAt > DELETE_WINDOW_MS || latest.scannedAt > now + CLOCK_SKEW_MS) {
		throw new SafeDiskError(
			'E_ITEM_EXPIRED',
			`Only scans of the last ${DELETE_WINDOW_MS / 60_000} minutes can be deleted from; scan again.`,
		);
	}
	const item = latest.items.get(request.itemId);
	if (!item)
		throw new SafeDiskError(
			'E_ITEM_UNKNOWN',
			`The latest scan listed no item "${request.itemId}".`,
		);
	return item;
}

// Where the scan finds a browser's files: its user-data folder and, on Linux and macOS, the
// cache folders that mirror it.
function browserRoots(userDataDir: string): string[] {
	return [userDataDir, ...cacheRootsFor(userDataDir, currentPlatformEnvironment())];
}

// A folder named as a user-data folder must really be one before anything in it is deleted.
async function requireBrowserFolder(userDataDir: string): Promise<void> {
	if (!(await holdsLocalState(userDataDir))) {
		throw new SafeDiskError(
			'E_ITEM_NOT_DELETABLE',
			`${userDataDir} holds no "Local State" file, so it is not a browser folder the helper deletes in.`,
		);
	}
}

async function measureAllocated(paths: readonly string[], signal?: AbortSignal): Promise<number> {
	const pool = new WalkPool({ workers: 1 });
	try {
		const totals = await pool.measure(paths, { signal });
		return totals.reduce((sum, total) => sum + total.allocatedBytes, 0);
	} finally {
		await pool.close();
	}
}
