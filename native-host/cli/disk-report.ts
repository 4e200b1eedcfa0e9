import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { formatBytes, formatCount, formatPercent } from '../../shared/format.ts';
import { escapeForTerminal as esc } from './terminal-text.ts';

// The human lines for one filesystem: what `df -h`, `df -i` and `test -w` would say. Paths, mount
// points and filesystem types come from the system and the mount table: escaped for the terminal.
export function describeFilesystem(status: FilesystemStatus): string[] {
	const inodes =
		status.totalInodes === null || status.freeInodes === null
			? 'inodes: no fixed limit on this filesystem'
			: `inodes: ${formatCount(status.freeInodes)} free of ${formatCount(status.totalInodes)} (${formatPercent(status.usedInodesPercent ?? 0)} used)`;
	const why = `creating a test file there failed: ${esc(status.writeError ?? 'unknown')}`;
	const state =
		status.condition === 'not-writable'
			? `not-writable (${why})`
			: `${esc(status.condition)}, ${status.writable ? 'writable' : `not writable (${why})`}`;
	return [
		`${esc(status.path)} on ${esc(status.mountPoint ?? '?')} (${esc(status.fsType)}${status.readOnly ? ', read-only' : ''})`,
		`  space:  ${formatBytes(status.freeBytes)} free of ${formatBytes(status.totalBytes)} (${formatPercent(status.usedPercent)} used)`,
		`  ${inodes}`,
		`  state:  ${state}`,
	];
}
