import { randomBytes } from 'node:crypto';
import { lstat, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import { changed } from './item-location-check.ts';

// Renames the entry aside, then removes it. Rename acts on the entry itself, so whatever
// replaces the path after the check is not what gets removed; the tombstone is checked again
// before removal. A removal that fails half-way puts what is left back under the original name.
export async function removeThroughTombstone(target: string, root: string): Promise<void> {
	const tombstone = path.join(
		path.dirname(target),
		`.${path.basename(target)}.safedisk-deleting-${randomBytes(6).toString('hex')}`,
	);
	try {
		await rename(target, tombstone);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR')
			throw changed(target, 'disappeared before it was deleted');
		throw error;
	}
	const info = await lstat(tombstone);
	const [realRoot, realTombstone] = await Promise.all([realpath(root), realpath(tombstone)]);
	if (info.isSymbolicLink() || !realTombstone.startsWith(realRoot + path.sep)) {
		await rename(tombstone, target);
		throw changed(target, 'changed while it was being deleted');
	}
	try {
		await rm(tombstone, { recursive: true, force: true });
	} catch (error) {
		const restored = await rename(tombstone, target).then(
			() => true,
			() => false,
		);
		throw new SafeDiskError(
			'E_DELETE_INCOMPLETE',
			`Part of ${target} could not be deleted; what is left is ${restored ? 'back in place' : `in ${tombstone}`}.`,
			{ cause: error, path: restored ? target : tombstone },
		);
	}
}
