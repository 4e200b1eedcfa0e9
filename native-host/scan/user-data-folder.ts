import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';

// Checks a user-data folder a person (CLI) or the extension (host command) named for a scan: it
// must exist and be a folder (a symlink to one is fine). Resolves to its absolute path. Missing
// and symlink loops are E_PATH_NOT_FOUND, a file, FIFO or device E_NOT_A_DIRECTORY, a refusal
// E_PERMISSION; each names the folder.
export async function checkUserDataFolder(dir: string): Promise<string> {
	const full = path.resolve(dir);
	let isFolder: boolean;
	try {
		isFolder = (await stat(full)).isDirectory();
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const options = { cause: error, path: full };
		if (code === 'ENOTDIR') {
			throw new SafeDiskError('E_NOT_A_DIRECTORY', `${full} is not a folder.`, options);
		}
		if (code === 'EACCES' || code === 'EPERM') {
			throw new SafeDiskError('E_PERMISSION', `${full} may not be read.`, options);
		}
		const what =
			code === 'ENOENT'
				? 'does not exist'
				: code === 'ELOOP'
					? 'is a symlink loop'
					: 'cannot be reached';
		throw new SafeDiskError('E_PATH_NOT_FOUND', `${full} ${what}.`, options);
	}
	if (!isFolder) {
		throw new SafeDiskError('E_NOT_A_DIRECTORY', `${full} is not a folder.`, { path: full });
	}
	return full;
}

// Each folder once, however it was named (a trailing slash, a relative path, a symlink to it):
// scanned twice, its bytes would be counted twice.
export async function checkUserDataFolders(dirs: readonly string[]): Promise<string[]> {
	const checked: string[] = [];
	const seen = new Set<string>();
	for (const dir of dirs) {
		const full = await checkUserDataFolder(dir);
		const real = await realpath(full).catch(() => full);
		if (seen.has(real)) continue;
		seen.add(real);
		checked.push(full);
	}
	return checked;
}
