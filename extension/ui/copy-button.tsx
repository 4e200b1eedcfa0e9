import { useState } from 'preact/hooks';

// Copies text to the clipboard and says whether it worked.
export function CopyButton({
	text,
	label,
	testId,
}: {
	text: () => string;
	label: string;
	testId?: string;
}) {
	const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
	const copy = async () => {
		try {
			await navigator.clipboard.writeText(text());
			setState('copied');
		} catch {
			setState('failed');
		}
	};
	return (
		<button
			type="button"
			onClick={() => void copy()}
			data-testid={testId}
			data-state={state}
			aria-live="polite"
		>
			{state === 'copied'
				? 'Copied'
				: state === 'failed'
					? 'Copy failed: select the text instead'
					: label}
		</button>
	);
}
