import { useMemo, useState } from 'preact/hooks';
import {
	freeCleanupCandidates,
	hostRouteBlocked,
	withoutHostRoute,
} from '../cleanup/eligibility.ts';
import { freeCleanupRecord, type useFreeCleanup } from '../cleanup/use-free-cleanup.ts';
import type { HostClient } from '../host/host-client.ts';
import type { ScanRun } from '../scan/scan-run.ts';
import { CleanupConfirmation } from './cleanup-confirmation.tsx';
import { CleanupOutcome } from './cleanup-outcome.tsx';
import { DeepCleanupOffer } from './deep-cleanup-offer.tsx';
import { FreeCleanupPicker } from './free-cleanup-picker.tsx';

interface PanelProps {
	run: ScanRun;
	live: boolean;
	hostClient: HostClient | null;
	deepCleanupUrl: string;
	// The free cleanup of this run; the popup holds it so its header says the same total.
	cleanup: ReturnType<typeof useFreeCleanup>;
	// What the run still lists as reclaimable, after the free cleanup if there was one.
	reclaimable: number;
}

// The one free cleanup of this run, then what remains and, if the rule says so, Deep Cleanup.
export function FreeCleanupPanel(props: PanelProps) {
	const { run, live, hostClient, deepCleanupUrl, cleanup, reclaimable } = props;
	const { state, confirm, cancel, approve } = cleanup;
	// Set by Cancel, so the picker comes back with that item chosen and focused.
	const [returnTo, setReturnTo] = useState<string | null>(null);
	const [approvedHere, setApprovedHere] = useState(false);
	const candidates = useMemo(() => {
		const all = freeCleanupCandidates(run.items, run.ownProfile);
		const blocked = hostRouteBlocked(run, live, hostClient !== null, Date.now());
		return blocked === null ? all : all.map((candidate) => withoutHostRoute(candidate, blocked));
	}, [run, live, hostClient]);
	const record = freeCleanupRecord(state);
	const offer = (
		<DeepCleanupOffer
			reclaimable={reclaimable}
			disks={run.disks}
			client={hostClient}
			deepCleanupUrl={deepCleanupUrl}
		/>
	);
	const nothingFree = !candidates.some((candidate) => candidate.eligibility.eligible);
	return (
		<section
			aria-labelledby="free-cleanup-heading"
			data-testid="free-cleanup"
			data-phase={state.phase}
		>
			<h2 id="free-cleanup-heading" class="section-title">
				Free cleanup
			</h2>
			{state.phase === 'available' && (
				<>
					<FreeCleanupPicker candidates={candidates} onReview={confirm} returnTo={returnTo} />
					{run.downloads.length > 0 && (
						<p class="muted">Downloads are your own files; the free cleanup never deletes them.</p>
					)}
					{nothingFree && offer}
				</>
			)}
			{state.phase === 'confirming' && (
				<CleanupConfirmation
					item={state.item}
					route={state.route}
					onApprove={() => {
						setApprovedHere(true);
						void approve(state.item, state.route);
					}}
					onCancel={() => {
						setReturnTo(state.item.id);
						cancel();
					}}
				/>
			)}
			{state.phase !== 'loading' && state.phase !== 'available' && state.phase !== 'confirming' && (
				<CleanupOutcome state={state} reclaimable={reclaimable} approvedHere={approvedHere} />
			)}
			{record && offer}
		</section>
	);
}
