import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_DEEP_CLEANUP_URL, isDeepCleanupUrl } from '../settings/settings.ts';

// Where the Deep Cleanup offer leads.
export function DeepCleanupLinkSetting({
	url,
	onChange,
}: {
	url: string;
	onChange(url: string): void;
}) {
	const [draft, setDraft] = useState(url);
	const [saved, setSaved] = useState(false);
	useEffect(() => setDraft(url), [url]);
	const valid = isDeepCleanupUrl(draft.trim());
	const save = (event: Event) => {
		event.preventDefault();
		if (!valid) return;
		onChange(draft.trim());
		setSaved(true);
	};
	return (
		<section class="card" data-testid="deep-cleanup-url-setting">
			<h3>Deep Cleanup link</h3>
			<p class="muted">
				The address the Deep Cleanup offer opens. Default: {DEFAULT_DEEP_CLEANUP_URL}
			</p>
			<form class="actions" onSubmit={save}>
				<label class="sr-only" for="deep-cleanup-url">
					Deep Cleanup address
				</label>
				<input
					id="deep-cleanup-url"
					type="url"
					value={draft}
					onInput={(event) => {
						setDraft(event.currentTarget.value);
						setSaved(false);
					}}
					aria-invalid={!valid}
				/>
				<button type="submit" disabled={!valid}>
					Save
				</button>
				{saved && <span role="status">Saved</span>}
			</form>
			{!valid && <p class="error-text">Enter an http or https address.</p>}
		</section>
	);
}
