import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { formatBytes, formatCount, formatPercent } from '../../shared/format.ts';

// The human lines for one filesystem: what `df -h`, `df -i` and `test -w` would say.
export function describeFilesystem(status: FilesystemStatus): string[] {
	const inodes =
		status.totalInodes === null || status.freeInodes === null
			? 'inodes: no fixed limit on this filesystem'
			: `inodes: ${formatCount(status.freeInodes)} free of ${formatCount(status.totalInodes)} (${formatPercent(status.usedInodesPercent ?? 0)} used)`;
	const writable = status.writable
		? 'writable'
		: `not writable (${status.writeError ?? 'unknown'})`;
	return [
		`${status.path} on ${status.mountPoint ?? '?'} (${status.fsType}${status.readOnly ? ', read-only' : ''})`,
		`  space:  ${formatBytes(status.freeBytes)} free of ${formatBytes(status.totalBytes)} (${formatPercent(status.usedPercent)} used)`,
		`  ${inodes}`,
		`  state:  ${status.condition === 'ok' ? 'ok' : status.condition}, ${writable}`,
	];
}
