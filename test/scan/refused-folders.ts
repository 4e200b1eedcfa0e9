import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Folders a scan must refuse, each with the code it is refused with: missing, a symlink loop, a
// file and a FIFO, made in `base`.
export function makeRefusedFolders(base: string): Array<[string, string]> {
	const file = path.join(base, 'a-file');
	const fifo = path.join(base, 'a-fifo');
	const loop = path.join(base, 'a-loop');
	writeFileSync(file, '');
	execFileSync('mkfifo', [fifo]);
	symlinkSync(loop, loop);
	return [
		[path.join(base, 'missing'), 'E_PATH_NOT_FOUND'],
		[loop, 'E_PATH_NOT_FOUND'],
		[file, 'E_NOT_A_DIRECTORY'],
		[fifo, 'E_NOT_A_DIRECTORY'],
	];
}
