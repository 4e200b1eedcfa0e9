import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';

// Install writes into folders it shares with browsers and other programs. It never follows a
// symlink there, never replaces anything but a plain file, and writes each file in full under a
// temporary name before it takes the real name, so a reader never sees half a manifest.

function refuse(target: string, reason: string, message: string, cause?: unknown): SafeDiskError {
	return new SafeDiskError('E_INSTALL_FAILED', message, {
		...(cause === undefined ? {} : { cause }),
		path: target,
		details: { reason },
	});
}

function errnoOf(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | null)?.code;
}

// Makes sure a folder is a real directory, creating it when missing. Resolves to the folders it
// created, outermost first, so uninstall can remove them again while they stay empty.
export async function prepareFolder(folder: string): Promise<string[]> {
	try {
		const info = await lstat(folder);
		if (info.isSymbolicLink())
			throw refuse(
				folder,
				'symlink',
				`The folder ${folder} is a symbolic link; SafeDisk does not write through it.`,
			);
		if (!info.isDirectory())
			throw refuse(folder, 'not-a-directory', `${folder} exists but is not a folder.`);
		return [];
	} catch (error) {
		if (error instanceof SafeDiskError) throw error;
		if (errnoOf(error) !== 'ENOENT')
			throw refuse(folder, 'not-readable', `Cannot inspect the folder ${folder}.`, error);
	}
	let first: string | undefined;
	try {
		first = await mkdir(folder, { recursive: true });
	} catch (error) {
		throw refuse(folder, 'not-writable', `Cannot create the folder ${folder}.`, error);
	}
	if (first === undefined) return [];
	const created: string[] = [];
	for (let dir = folder; dir.length >= first.length; dir = path.dirname(dir)) {
		created.unshift(dir);
		if (dir === first || path.dirname(dir) === dir) break;
	}
	return created;
}

export interface StagedFile {
	tempPath: string;
	finalPath: string;
}

// Writes the content beside its final name. Fails, naming the folder, when the folder takes no new
// file (read-only, immutable, no permission, full), and refuses a final name that is a symlink.
export async function stageFile(
	finalPath: string,
	content: string,
	mode: number,
): Promise<StagedFile> {
	const folder = path.dirname(finalPath);
	try {
		const existing = await lstat(finalPath);
		if (existing.isSymbolicLink())
			throw refuse(
				finalPath,
				'symlink',
				`${finalPath} is a symbolic link; SafeDisk does not replace it.`,
			);
		if (!existing.isFile())
			throw refuse(finalPath, 'not-a-file', `${finalPath} exists but is not a plain file.`);
	} catch (error) {
		if (error instanceof SafeDiskError) throw error;
		if (errnoOf(error) !== 'ENOENT')
			throw refuse(finalPath, 'not-readable', `Cannot inspect ${finalPath}.`, error);
	}
	const tempPath = path.join(
		folder,
		`.${path.basename(finalPath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
	);
	let created = false;
	try {
		const handle = await open(tempPath, 'wx', mode);
		created = true;
		try {
			await handle.writeFile(content);
		} finally {
			await handle.close();
		}
		// The umask may have taken bits away; the wrapper must end up executable.
		await chmod(tempPath, mode);
		return { tempPath, finalPath };
	} catch (error) {
		if (created) await rm(tempPath, { force: true }).catch(() => undefined);
		throw refuse(folder, 'not-writable', `Cannot write into the folder ${folder}.`, error);
	}
}

export async function commitFile(staged: StagedFile): Promise<void> {
	try {
		await rename(staged.tempPath, staged.finalPath);
	} catch (error) {
		await discardFile(staged);
		throw refuse(
			staged.finalPath,
			'not-writable',
			`Cannot put ${staged.finalPath} in place.`,
			error,
		);
	}
}

export async function discardFile(staged: StagedFile): Promise<void> {
	await rm(staged.tempPath, { force: true }).catch(() => undefined);
}

export async function writeFileAtomically(
	finalPath: string,
	content: string,
	mode: number,
): Promise<void> {
	await commitFile(await stageFile(finalPath, content, mode));
}

// Deepest first; a folder that is no longer empty stays.
export async function removeEmptyFolders(folders: string[]): Promise<string[]> {
	const removed: string[] = [];
	for (const folder of [...new Set(folders)].sort((a, b) => b.length - a.length)) {
		try {
			await rmdir(folder);
			removed.push(folder);
		} catch {
			// Not empty, or already gone: either way not ours to force.
		}
	}
	return removed;
}
