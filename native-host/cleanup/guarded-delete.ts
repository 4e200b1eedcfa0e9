import { randomBytes } from 'node:crypto';
import { lstat, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import { CATEGORY_RISK } from '../../shared/storage-risk.ts';
import { type LatestScan, readLatestScan, type StoredScanItem } from '../scan/latest-scan.ts';
import { WalkPool } from '../scan/walk-pool.ts';
import { DELETE_WINDOW_MS, exceedsApproval } from './cleanup-defaults.ts';
import { checkItemLocation } from './item-location-check.ts';

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

// Finds the item in this connection's latest scan, or says why it cannot be used.
function findApprovedItem(memory: Map<string, unknown>, request: DeleteRequest, now = Date.now()) {
	const latest: LatestScan | null = readLatestScan(memory);
	if (latest === null)
		throw new SafeDiskError('E_ITEM_UNKNOWN', 'No scan has listed any item yet; scan first.');
	if (latest.scanId !== request.scanId) {
		throw new SafeDiskError('E_ITEM_EXPIRED', 'The item comes from an older scan; scan again.');
	}
	if (now - latest.scannedAt > DELETE_WINDOW_MS) {
		throw new SafeDiskError('E_ITEM_EXPIRED', 'The scan is too old to delete from; scan again.');
	}
	const item = latest.items.get(request.itemId);
	if (!item)
		throw new SafeDiskError(
			'E_ITEM_UNKNOWN',
			`The latest scan listed no item "${request.itemId}".`,
		);
	return item;
}

// Deletes one host-deletable item the user approved: re-validated on disk, never through a
// symlink, never grown past what was approved, and measured before and after.
export async function deleteApprovedItem(
	memory: Map<string, unknown>,
	request: DeleteRequest,
	signal?: AbortSignal,
): Promise<DeleteOutcome> {
	const item = findApprovedItem(memory, request);
	// The category table decides, not only the flag stored with the item.
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
	await requireBrowserFolder(item.userDataDir);
	for (const location of item.locations) await checkItemLocation(location.path, location.root);

	const paths = item.locations.map((location) => location.path);
	const before = await measureAllocated(paths, signal);
	if (exceedsApproval(before, request.approvedBytes)) {
		throw new SafeDiskError('E_ITEM_GREW', 'The item grew since you approved it; scan again.', {
			details: { approvedBytes: request.approvedBytes, currentBytes: before },
		});
	}
	signal?.throwIfAborted();
	for (const location of item.locations) await removeThroughTombstone(location.path, location.root);
	const remainingBytes = await measureAllocated(paths);
	return { item, freedBytes: Math.max(0, before - remainingBytes), remainingBytes };
}

// A folder named as a user-data folder must really be one before anything in it is deleted.
async function requireBrowserFolder(userDataDir: string): Promise<void> {
	const marker = await lstat(path.join(userDataDir, 'Local State')).catch(() => null);
	if (!marker?.isFile()) {
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

// Renames the entry aside first: rename acts on the entry itself, so whatever replaces it after
// the check is not what gets removed. The tombstone is checked again before removal.
async function removeThroughTombstone(target: string, root: string): Promise<void> {
	const tombstone = path.join(
		path.dirname(target),
		`.${path.basename(target)}.safedisk-deleting-${randomBytes(6).toString('hex')}`,
	);
	await rename(target, tombstone);
	const info = await lstat(tombstone);
	const realRoot = await realpath(root);
	const realTombstone = await realpath(tombstone);
	if (info.isSymbolicLink() || !realTombstone.startsWith(realRoot + path.sep)) {
		await rename(tombstone, target);
		throw new SafeDiskError(
			'E_ITEM_CHANGED',
			`${target} changed while it was being deleted; nothing was deleted.`,
		);
	}
	await rm(tombstone, { recursive: true, force: true });
}
