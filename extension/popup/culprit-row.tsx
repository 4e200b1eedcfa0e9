import { formatBytes } from '../../shared/format.ts';
import type { Culprit } from '../scan/culprits.ts';
import { RiskBadge } from '../ui/risk-badge.tsx';
import { SizeBar } from '../ui/size-bar.tsx';

// Entries shown when a culprit is opened; the rest are summed up.
const SHOWN_ENTRIES = 12;

export function CulpritRow({
	culprit,
	max,
	rank,
}: {
	culprit: Culprit;
	max: number;
	rank: number;
}) {
	const shown = culprit.entries.slice(0, SHOWN_ENTRIES);
	const hidden = culprit.entries.slice(SHOWN_ENTRIES);
	const size = formatBytes(culprit.bytes);
	return (
		<li class="culprit" data-testid="culprit" data-key={culprit.key} data-bytes={culprit.bytes}>
			<details>
				<summary
					aria-label={`${rank}. ${culprit.label}, ${culprit.where}, ${size}, ${culprit.risk} risk`}
				>
					<span class="culprit-head">
						<span class="culprit-name">{culprit.label}</span>
						<span class="culprit-size">{size}</span>
					</span>
					<SizeBar bytes={culprit.bytes} max={max} label={`${size} of ${formatBytes(max)}`} />
					<span class="culprit-meta">
						<RiskBadge risk={culprit.risk} />
						<span class="muted">{culprit.where}</span>
					</span>
				</summary>
				<p class="consequence">{culprit.consequence}</p>
				<ul class="entries" aria-label={`What ${culprit.label} is made of`}>
					{shown.map((entry) => (
						<li key={entry.key} data-testid="culprit-entry">
							<span class="entry-label" title={entry.label}>
								{entry.label}
								{entry.note && <span class="muted"> · {entry.note}</span>}
							</span>
							<span class="entry-size">{formatBytes(entry.bytes)}</span>
						</li>
					))}
					{hidden.length > 0 && (
						<li class="muted">
							and {hidden.length} more ({formatBytes(hidden.reduce((sum, e) => sum + e.bytes, 0))})
						</li>
					)}
				</ul>
			</details>
		</li>
	);
}
