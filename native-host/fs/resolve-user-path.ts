import { homedir } from 'node:os';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';

// Paths from people and the extension: "~" expands to home; anything else must be absolute.
// A command-line caller passes its working folder as base; the extension's paths must be absolute.
export function resolveUserPath(input: string | undefined, base?: string): string {
	if (input === undefined || input === '~') return homedir();
	if (input.includes('\0'))
		throw new SafeDiskError('E_BAD_PAYLOAD', 'A path may not contain a NUL byte.');
	if (input.startsWith('~/')) return path.join(homedir(), input.slice(2));
	if (!path.isAbsolute(input)) {
		if (base !== undefined) return path.resolve(base, input);
		throw new SafeDiskError(
			'E_BAD_PAYLOAD',
			`The path "${input}" is not absolute; give a full path or one starting with ~/.`,
		);
	}
	return path.resolve(input);
}
