import { useEffect, useRef } from 'preact/hooks';
import { formatBytes } from '../../shared/format.ts';
import type { FreeCleanupState } from '../cleanup/use-free-cleanup.ts';

type Shown = Extract<
	FreeCleanupState,
	{ phase: 'deleting' | 'measuring' | 'done' | 'unsettled' | 'failed' }
>;

// What the free cleanup did, in bytes measured on disk, and what is still reclaimable.
export function CleanupOutcome({
	state,
	reclaimable,
	approvedHere,
}: {
	state: Shown;
	reclaimable: number;
	// The person approved the deletion in this popup (rather than it being shown from before).
	approvedHere: boolean;
}) {
	const heading = useRef<HTMLHeadingElement>(null);
	const previous = useRef<Shown['phase']>(approvedHere ? 'deleting' : state.phase);
	// The confirmation that held focus is gone; when the deletion ends, focus goes to its result.
	// An outcome shown on opening the popup leaves focus where it is.
	useEffect(() => {
		const wasRunning = previous.current === 'deleting' || previous.current === 'measuring';
		previous.current = state.phase;
		if (wasRunning && state.phase !== 'deleting' && state.phase !== 'measuring')
			heading.current?.focus();
	}, [state.phase]);
	if (state.phase === 'deleting' || state.phase === 'measuring') {
		return (
			<section class="card" data-testid="cleanup-outcome" data-state={state.phase} role="status">
				<p>{state.phase === 'deleting' ? 'Deleting…' : 'Deleted. Measuring…'}</p>
				<progress class="bar" aria-label="Free cleanup in progress" />
			</section>
		);
	}
	if (state.phase === 'failed') {
		return (
			<section
				class="card notice error"
				data-testid="cleanup-outcome"
				data-state="failed"
				data-code={state.error.code}
				role="alert"
			>
				<h2 tabIndex={-1} ref={heading} data-testid="cleanup-outcome-heading">
					The free cleanup did not finish
				</h2>
				<p>{state.error.message}</p>
				<p class="muted">
					{state.released
						? 'Nothing was deleted, so the free cleanup is still yours.'
						: 'Scan again to see what changed.'}
				</p>
			</section>
		);
	}
	const { record } = state;
	return (
		<section class="card" data-testid="cleanup-outcome" data-state={state.phase} role="status">
			<h2 tabIndex={-1} ref={heading} data-testid="cleanup-outcome-heading">
				Free cleanup used
			</h2>
			<p>{record.label}</p>
			{record.result ? (
				<p>
					<strong data-testid="freed-bytes" data-bytes={record.result.freedBytes}>
						{formatBytes(record.result.freedBytes)}
					</strong>{' '}
					freed, measured on disk (estimated {formatBytes(record.estimateBytes)}).
				</p>
			) : (
				<p class="muted">It was started, but the popup closed before the result was measured.</p>
			)}
			<p>
				Still reclaimable:{' '}
				<strong data-testid="remaining-reclaimable" data-bytes={reclaimable}>
					{formatBytes(reclaimable)}
				</strong>
			</p>
		</section>
	);
}
