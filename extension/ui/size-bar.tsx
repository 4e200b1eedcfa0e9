// A bar whose length is this size against the biggest one shown; the figure itself is text.
export function SizeBar({ bytes, max, label }: { bytes: number; max: number; label: string }) {
	const percent = max > 0 ? Math.max(1, Math.round((bytes / max) * 100)) : 0;
	return (
		<div class="size-bar" role="img" aria-label={label}>
			<div class="size-bar-fill" style={{ width: `${percent}%` }} />
		</div>
	);
}
