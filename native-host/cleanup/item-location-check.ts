import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import { identify, type PathIdentity, sameIdentity } from './item-identity.ts';

export interface RecordedLocation {
	path: string;
	root: string;
	rootIdentity: PathIdentity | null;
	pathIdentity: PathIdentity | null;
}

// Re-validates, at deletion time, that a path the scan listed is still the very folder or file
// it was: the same browser folder (no swap of the folder or of a link to it), reached through
// no symlink below it, and the same entry by device and inode.
export async function checkItemLocation(location: RecordedLocation): Promise<'directory' | 'file'> {
	const { path: target, root } = location;
	const relative = path.relative(root, target);
	if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
		throw changed(target, 'is not inside the browser folder');
	}
	if (!sameIdentity(location.rootIdentity, await identify(root))) {
		throw changed(root, 'is no longer the browser folder that was scanned');
	}
	let current = root;
	for (const part of relative.split(path.sep)) {
		current = path.join(current, part);
		const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
			throw new SafeDiskError('E_ITEM_CHANGED', `${current} is gone since the scan; scan again.`, {
				cause: error,
			});
		});
		if (info.isSymbolicLink()) throw changed(current, 'is now a symbolic link');
		if (current !== target && !info.isDirectory()) throw changed(current, 'is no longer a folder');
	}
	if (!sameIdentity(location.pathIdentity, await identify(target))) {
		throw changed(target, 'was replaced since the scan');
	}
	const [realTarget, realRoot] = await Promise.all([realpath(target), realpath(root)]);
	if (!realTarget.startsWith(realRoot + path.sep))
		throw changed(target, 'resolves outside the browser folder');
	const info = await lstat(target);
	if (info.isDirectory()) return 'directory';
	if (info.isFile()) return 'file';
	throw changed(target, 'is neither a folder nor a file');
}

export function changed(where: string, what: string): SafeDiskError {
	return new SafeDiskError('E_ITEM_CHANGED', `${where} ${what}; nothing was deleted.`, {
		path: where,
	});
}
