// The one place sizes and counts are formatted for people, in the CLI and the extension alike.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '?';
	const sign = bytes < 0 ? '-' : '';
	let value = Math.abs(bytes);
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit += 1;
	}
	const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
	return `${sign}${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatCount(count: number): string {
	if (!Number.isFinite(count)) return '?';
	return Math.round(count).toLocaleString('en-US');
}

export function formatPercent(percent: number): string {
	return `${percent.toFixed(percent >= 10 || percent === 0 ? 0 : 1)}%`;
}

// Ages of heartbeats and locks: "1.5 s", "3 min", "2 h"; a negative age lies in the future.
export function formatAge(ms: number | null): string {
	if (ms === null || !Number.isFinite(ms)) return '-';
	if (ms < 0) return `${formatAge(-ms)} ahead`;
	const seconds = ms / 1000;
	if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
	if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
	if (seconds < 86_400 * 2) return `${Math.round(seconds / 3600)} h`;
	return `${Math.round(seconds / 86_400)} d`;
}

// Replaces the home folder with "~" so reports can be shared without the user's name. Only
// whole path components match: /home/ann becomes ~, /home/anna stays as it is.
export function redactHome(text: string, home: string): string {
	const trimmed = home.endsWith('/') || home.endsWith('\\') ? home.slice(0, -1) : home;
	if (trimmed.length < 2) return text;
	const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return text.replace(new RegExp(`${escaped}(?=$|[/\\\\\\s"'\`,;:)\\]}])`, 'g'), '~');
}
