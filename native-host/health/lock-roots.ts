import { realpath, stat } from 'node:fs/promises';
import { SafeDiskError } from '../../shared/errors.ts';
import { resolveUserPath } from '../fs/resolve-user-path.ts';
import { HEALTH_DEFAULTS } from './defaults.ts';

// A directory to check, how deep to walk it, and why it is in the list.
export interface LockRoot {
	path: string;
	depth: number;
	origin: 'argument' | 'default' | 'config';
}

// Turns a path a person or the extension named into the real directory to walk. A missing path
// and a path that is not a directory are coded errors that name the path.
export async function resolveLockRoot(
	input: string,
	origin: LockRoot['origin'],
	base?: string,
	depth: number = HEALTH_DEFAULTS.walkDepth,
): Promise<LockRoot> {
	const target = resolveUserPath(input, base);
	let real: string;
	try {
		real = await realpath(target);
		const info = await stat(real);
		if (!info.isDirectory()) {
			throw new SafeDiskError('E_NOT_A_DIRECTORY', `Not a directory: ${target}`, {
				path: target,
				errno: 'ENOTDIR',
			});
		}
	} catch (error) {
		if (error instanceof SafeDiskError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ELOOP') {
			throw new SafeDiskError('E_PATH_NOT_FOUND', `No such directory: ${target}`, {
				cause: error,
				path: target,
			});
		}
		if (code === 'ENOTDIR') {
			throw new SafeDiskError('E_NOT_A_DIRECTORY', `Not a directory: ${target}`, {
				cause: error,
				path: target,
			});
		}
		if (code === 'EACCES' || code === 'EPERM') {
			throw new SafeDiskError('E_PERMISSION', `Access refused to ${target}`, {
				cause: error,
				path: target,
			});
		}
		throw error;
	}
	return { path: real, depth, origin };
}

// Several roots, each resolved; the same real directory named twice is walked once.
export async function resolveLockRoots(
	inputs: readonly string[],
	origin: LockRoot['origin'],
	base?: string,
): Promise<LockRoot[]> {
	const roots: LockRoot[] = [];
	for (const input of inputs) {
		const root = await resolveLockRoot(input, origin, base);
		if (!roots.some((known) => known.path === root.path)) roots.push(root);
	}
	return roots;
}
