import { SafeDiskError } from '../../shared/errors.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { getFilesystemStatus } from '../fs/filesystem-status.ts';
import { resolveUserPath } from '../fs/resolve-user-path.ts';
import type { HostCommandHandler } from './host-command.ts';

// The status of the filesystem under a path a person or the extension named ("~" by default).
export async function readDiskStatus(
	input: string | undefined,
	base?: string,
): Promise<FilesystemStatus> {
	const target = resolveUserPath(input, base);
	try {
		return await getFilesystemStatus(target);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') {
			throw new SafeDiskError('E_PATH_NOT_FOUND', `No such path: ${target}`, { cause: error });
		}
		if (code === 'ENAMETOOLONG') {
			throw new SafeDiskError('E_BAD_PAYLOAD', 'The path or one of its names is too long.', {
				cause: error,
			});
		}
		if (code === 'EACCES' || code === 'EPERM') {
			throw new SafeDiskError('E_PERMISSION', `Access refused to ${target}`, { cause: error });
		}
		throw error;
	}
}

export const diskStatus: HostCommandHandler<'disk-status'> = ({ path }) => readDiskStatus(path);
