import { randomBytes } from 'node:crypto';
import { realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import { identify, sameEntry } from './item-identity.ts';
import { changed, type RecordedLocation } from './item-location-check.ts';

// Renames the entry aside, then removes it. Rename acts on whatever the path names at that
// moment, so the tombstone must prove to be the very entry the scan recorded (device, inode, type,
// birth time) in the very folder it was in (real path); a folder above it swapped for a link
// after the checks would otherwise redirect the deletion. A mismatch is renamed back untouched.
// A removal that fails half-way puts what is left back under the original name.
export async function removeThroughTombstone(location: RecordedLocation): Promise<void> {
	const { path: target, pathIdentity: expected } = location;
	if (expected === null) throw changed(target, 'was not recorded by the scan');
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
	const [moved, folder] = await Promise.all([
		identify(tombstone),
		realpath(path.dirname(tombstone)).catch(() => null),
	]);
	if (!sameEntry(moved, expected) || folder !== path.dirname(expected.real)) {
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
