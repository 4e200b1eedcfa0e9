import path from 'node:path';
import type { PlatformEnvironment } from '../browsers/catalog.ts';

// SafeDisk's own folder for the host wrapper, the install record and the deletion audit log.
export function stateDirectory({ platform, home, env }: PlatformEnvironment): string {
	if (env.SAFEDISK_STATE_DIR) return env.SAFEDISK_STATE_DIR;
	if (platform === 'win32') {
		return path.win32.join(
			env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local'),
			'SafeDisk',
		);
	}
	if (platform === 'darwin') return path.posix.join(home, 'Library/Application Support/SafeDisk');
	return path.posix.join(env.XDG_DATA_HOME || path.posix.join(home, '.local/share'), 'safedisk');
}
