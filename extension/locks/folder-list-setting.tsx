import { useState } from 'preact/hooks';

export interface FolderRefusal {
	text: string;
	code: string;
}

interface FolderListProps {
	title: string;
	hint: string;
	folders: string[];
	// Resolves to the reason the folder is refused, or null when it may be stored.
	validate(folder: string): Promise<FolderRefusal | null>;
	onChange(folders: string[]): void;
	// False while nothing can check a folder (the helper is not connected).
	canValidate: boolean;
	testId: string;
}

// A list of folders a person adds and removes; each addition is checked first.
export function FolderListSetting({
	title,
	hint,
	folders,
	validate,
	onChange,
	canValidate,
	testId,
}: FolderListProps) {
	const [draft, setDraft] = useState('');
	const [problem, setProblem] = useState<FolderRefusal | null>(null);
	const [checking, setChecking] = useState(false);
	const inputId = `${testId}-input`;
	const add = async (event: Event) => {
		event.preventDefault();
		const folder = draft.trim();
		if (folder === '' || folders.includes(folder)) {
			// Nothing new to check: an earlier refusal no longer applies to what is in the field.
			setProblem(null);
			return;
		}
		setChecking(true);
		setProblem(null);
		const refused = await validate(folder);
		setChecking(false);
		setProblem(refused);
		if (refused === null) {
			onChange([...folders, folder]);
			setDraft('');
		}
	};
	return (
		<section class="card" data-testid={testId}>
			<h3>{title}</h3>
			<p class="muted">{hint}</p>
			{folders.length > 0 && (
				<ul class="folders">
					{folders.map((folder) => (
						<li key={folder}>
							<code>{folder}</code>{' '}
							<button
								type="button"
								class="link"
								onClick={() => onChange(folders.filter((f) => f !== folder))}
								aria-label={`Remove ${folder}`}
							>
								Remove
							</button>
						</li>
					))}
				</ul>
			)}
			<form class="actions" onSubmit={(event) => void add(event)}>
				<label class="sr-only" for={inputId}>
					{title}: folder to add
				</label>
				<input
					id={inputId}
					type="text"
					value={draft}
					placeholder="/absolute/path or ~/path"
					onInput={(event) => setDraft(event.currentTarget.value)}
					aria-invalid={problem !== null}
					aria-describedby={problem ? `${inputId}-problem` : undefined}
				/>
				<button type="submit" disabled={checking || !canValidate}>
					{checking ? 'Checking…' : 'Add'}
				</button>
			</form>
			{problem && (
				<p
					id={`${inputId}-problem`}
					class="error-text"
					role="alert"
					data-testid={`${testId}-problem`}
					data-code={problem.code}
				>
					{problem.text}
				</p>
			)}
		</section>
	);
}
