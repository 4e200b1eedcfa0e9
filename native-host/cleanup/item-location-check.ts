import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';

// Re-validates, at deletion time, that a path the scan listed is still a real folder or file
// inside the browser folder it was found in, reached through no symlink.
export async function checkItemLocation(
	target: string,
	root: string,
): Promise<'directory' | 'file'> {
	const relative = path.relative(root, target);
	if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
		throw changed(target, 'is not inside the browser folder');
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
	const [realTarget, realRoot] = await Promise.all([realpath(target), realpath(root)]);
	if (!realTarget.startsWith(realRoot + path.sep))
		throw changed(target, 'resolves outside the browser folder');
	const info = await lstat(target);
	if (info.isDirectory()) return 'directory';
	if (info.isFile()) return 'file';
	throw changed(target, 'is neither a folder nor a file');
}

function changed(where: string, what: string): SafeDiskError {
	return new SafeDiskError('E_ITEM_CHANGED', `${where} ${what}; nothing was deleted.`, {
		path: where,
	});
}
