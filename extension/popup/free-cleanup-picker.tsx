import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBytes } from '../../shared/format.ts';
import type { Candidate, CleanupRoute } from '../cleanup/eligibility.ts';
import { cleanupLabel } from '../cleanup/use-free-cleanup.ts';
import type { RankedItem } from '../scan/scan-run.ts';

// Which browser folder and profile the item is in: two browsers can have the same kind of item.
function whereOf(item: RankedItem): string {
	const profile = item.profileName ?? item.profile;
	return `${profile ? `${profile} in ` : ''}${item.userDataDir}`;
}

interface PickerProps {
	candidates: Candidate[];
	onReview(item: RankedItem, route: CleanupRoute): void;
	// The item chosen before the person cancelled its confirmation: kept chosen and focused.
	returnTo: string | null;
}

// One low-risk item, picked by the person; the ones that cannot be freed here say why.
export function FreeCleanupPicker({ candidates, onReview, returnTo }: PickerProps) {
	const eligible = candidates.filter((candidate) => candidate.eligibility.eligible);
	const [picked, setPicked] = useState<string | null>(returnTo);
	const returned = useRef<HTMLInputElement>(null);
	useEffect(() => returned.current?.focus(), []);
	const chosen = eligible.find((candidate) => candidate.item.id === picked) ?? null;
	return (
		<fieldset class="picker" data-testid="free-cleanup-picker">
			<legend>Pick one low-risk item to delete</legend>
			{eligible.length === 0 && <p class="muted">No low-risk item can be freed here.</p>}
			{candidates.map(({ item, eligibility }) => (
				<label
					key={item.id}
					class={eligibility.eligible ? 'choice' : 'choice unavailable'}
					data-testid="free-cleanup-candidate"
					data-item-id={item.id}
					data-eligible={eligibility.eligible}
				>
					<input
						type="radio"
						name="free-cleanup"
						value={item.id}
						disabled={!eligibility.eligible}
						checked={picked === item.id}
						ref={item.id === returnTo ? returned : null}
						onChange={() => setPicked(item.id)}
					/>
					<span class="choice-text">
						<span class="choice-head">
							<span class="choice-name">{cleanupLabel(item)}</span>
							<span>{formatBytes(item.allocatedBytes)}</span>
						</span>
						<span class="muted choice-where">{whereOf(item)}</span>
						{!eligibility.eligible && <span class="muted">{eligibility.why}</span>}
					</span>
				</label>
			))}
			<button
				type="button"
				class="primary"
				disabled={chosen === null}
				data-testid="review-cleanup"
				onClick={() =>
					chosen?.eligibility.eligible && onReview(chosen.item, chosen.eligibility.route)
				}
			>
				Review the deletion
			</button>
		</fieldset>
	);
}
