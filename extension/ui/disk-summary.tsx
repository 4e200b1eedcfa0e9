import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { formatBytes, formatCount, formatPercent } from '../../shared/format.ts';

const CONDITION_TEXT: Record<FilesystemStatus['condition'], string> = {
	ok: 'Healthy',
	'space-full': 'Full: no free space',
	'inodes-full': 'Full: no free inodes',
	'read-only': 'Read-only',
	'not-writable': 'Not writable',
};

interface DiskSummaryProps {
	status: FilesystemStatus;
	label: string;
	// One heading-less card, for the popup.
	compact?: boolean;
}

export function DiskSummary({ status, label, compact = false }: DiskSummaryProps) {
	return (
		<section
			class={compact ? 'card compact' : 'card'}
			aria-label={label}
			data-testid="disk-summary"
		>
			{compact ? <span class="muted">{label}</span> : <h2>{label}</h2>}
			<meter
				class="bar"
				min={0}
				max={100}
				value={status.usedPercent}
				aria-label="Disk space used"
			/>
			<p>
				<strong data-testid="free-bytes" data-bytes={status.freeBytes}>
					{formatBytes(status.freeBytes)}
				</strong>{' '}
				free of {formatBytes(status.totalBytes)} ({formatPercent(status.usedPercent)} used)
			</p>
			<p class="muted">
				{status.freeInodes === null || status.totalInodes === null ? (
					'No fixed inode limit'
				) : (
					<span data-testid="free-inodes" data-inodes={status.freeInodes}>
						{formatCount(status.freeInodes)} of {formatCount(status.totalInodes)} inodes free
					</span>
				)}
				{' · '}
				{status.fsType} on {status.mountPoint ?? '?'} · {CONDITION_TEXT[status.condition]}
			</p>
		</section>
	);
}
