import { formatBytes, formatCount } from '../../shared/format.ts';
import type { ProgressBySource } from '../scan/use-scan.ts';

// Motion and figures while the helper measures; the helper does not know the total in advance.
export function ScanProgressView({ progress }: { progress: ProgressBySource }) {
	const parts = Object.values(progress);
	const entries = parts.reduce((sum, part) => sum + part.entries, 0);
	const bytes = parts.reduce((sum, part) => sum + part.allocatedBytes, 0);
	const current = parts.find((part) => part.phase !== 'done') ?? parts[0];
	const where = current?.browser
		? `${current.browser}${current.profile ? ` · ${current.profile}` : ''}`
		: 'browser folders';
	return (
		<div class="card" data-testid="scan-progress" role="status" aria-live="polite">
			<p>
				{current?.phase === 'discover' || !current ? 'Finding' : 'Measuring'} {where}…
			</p>
			<progress class="bar" aria-label="Scan progress" />
			<p class="muted" data-testid="scan-progress-figures">
				{formatCount(entries)} files and folders, {formatBytes(bytes)} so far
			</p>
		</div>
	);
}
