import { useState } from 'preact/hooks';
import type { Culprit } from '../scan/culprits.ts';
import { CulpritRow } from './culprit-row.tsx';

const FIRST_SHOWN = 6;

// The ranking, biggest culprit first.
export function CulpritList({ culprits }: { culprits: Culprit[] }) {
	const [all, setAll] = useState(false);
	const max = culprits[0]?.bytes ?? 0;
	const shown = all ? culprits : culprits.slice(0, FIRST_SHOWN);
	if (culprits.length === 0)
		return <p class="muted">Nothing measurable was found in the scanned folders.</p>;
	return (
		<section aria-labelledby="culprits-heading">
			<h2 id="culprits-heading" class="section-title">
				Biggest culprits
			</h2>
			<ol class="culprits" data-testid="culprits">
				{shown.map((culprit, index) => (
					<CulpritRow key={culprit.key} culprit={culprit} max={max} rank={index + 1} />
				))}
			</ol>
			{culprits.length > FIRST_SHOWN && (
				<button type="button" class="link" onClick={() => setAll(!all)} aria-expanded={all}>
					{all ? 'Show fewer' : `Show all ${culprits.length}`}
				</button>
			)}
		</section>
	);
}
