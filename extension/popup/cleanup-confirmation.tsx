import { useEffect, useRef } from 'preact/hooks';
import { formatBytes } from '../../shared/format.ts';
import type { CleanupRoute } from '../cleanup/eligibility.ts';
import { cleanupLabel } from '../cleanup/use-free-cleanup.ts';
import type { RankedItem } from '../scan/scan-run.ts';
import { RiskBadge } from '../ui/risk-badge.tsx';

const ROUTE_TEXT: Record<CleanupRoute['kind'], string> = {
	'browsing-data': 'The browser clears it itself, safely while it runs.',
	host: 'The SafeDisk helper deletes the folder after checking it again.',
};

interface ConfirmationProps {
	item: RankedItem;
	route: CleanupRoute;
	onApprove(): void;
	onCancel(): void;
}

// Names the item, its size and what deleting it costs, before anything is deleted.
export function CleanupConfirmation({ item, route, onApprove, onCancel }: ConfirmationProps) {
	const heading = useRef<HTMLHeadingElement>(null);
	useEffect(() => heading.current?.focus(), []);
	return (
		<section
			class="card confirm"
			role="alertdialog"
			aria-labelledby="confirm-heading"
			aria-describedby="confirm-consequence"
			data-testid="cleanup-confirmation"
		>
			<h2 id="confirm-heading" tabIndex={-1} ref={heading}>
				Delete {cleanupLabel(item)}?
			</h2>
			<p>
				<strong data-testid="confirm-size">{formatBytes(item.allocatedBytes)}</strong> on disk ·{' '}
				<RiskBadge risk={item.risk} />
			</p>
			<p id="confirm-consequence" class="consequence" data-testid="confirm-consequence">
				{item.consequence}
			</p>
			<p class="muted">{ROUTE_TEXT[route.kind]} This is the one free cleanup of this scan.</p>
			<div class="actions">
				<button type="button" class="primary" data-testid="approve-cleanup" onClick={onApprove}>
					Delete for free
				</button>
				<button type="button" onClick={onCancel}>
					Cancel
				</button>
			</div>
		</section>
	);
}
