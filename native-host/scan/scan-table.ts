import type { ScanItem, ScanSummary } from '../../shared/commands/scan.ts';
import { formatBytes, formatCount } from '../../shared/format.ts';
import { CATEGORY_RISK, RISK_LEVELS, type RiskLevel } from '../../shared/storage-risk.ts';

const RISK_COLOURS: Record<RiskLevel, string> = { low: '32', medium: '33', high: '31' };
const MAX_CELL = 48;

function cell(text: string): string {
	return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

// The human report of a scan: an aligned table of the biggest items, then the totals per risk.
export function renderScanReport(
	items: readonly ScanItem[],
	summary: ScanSummary,
	options: { colour: boolean },
): string {
	const paint = (risk: RiskLevel, text: string) =>
		options.colour ? `\x1b[${RISK_COLOURS[risk]}m${text}\x1b[0m` : text;
	const header = ['#', 'Size', 'Risk', 'What', 'Site', 'Browser / profile'];
	const rows = items.map((item, index) => [
		String(index + 1),
		formatBytes(item.allocatedBytes),
		item.risk,
		cell(
			item.detail
				? `${CATEGORY_RISK[item.category].label} (${item.detail})`
				: CATEGORY_RISK[item.category].label,
		),
		cell(item.site ?? '-'),
		cell(`${item.browserLabel} / ${item.profileName ?? item.profile ?? 'all profiles'}`),
	]);
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
	);
	const line = (row: string[], risk?: RiskLevel) =>
		row
			.map((value, column) => {
				// Numbers line up on the right, words on the left.
				const padded =
					column <= 1 ? value.padStart(widths[column] ?? 0) : value.padEnd(widths[column] ?? 0);
				return column === 2 && risk ? paint(risk, padded) : padded;
			})
			.join('  ')
			.trimEnd();
	const out: string[] = [];
	if (rows.length === 0) out.push('No browser storage found.');
	else {
		out.push(line(header));
		items.forEach((item, index) => {
			out.push(line(rows[index] as string[], item.risk));
		});
	}
	out.push('');
	out.push(
		`Total ${formatBytes(summary.allocatedBytes)} on disk in ${formatCount(summary.itemCount)} items, ${formatCount(summary.files)} files.`,
	);
	for (const risk of RISK_LEVELS) {
		const totals = summary.byRisk[risk];
		out.push(
			`  ${paint(risk, risk.padEnd(6))} ${formatBytes(totals.reclaimableBytes).padStart(10)} reclaimable of ${formatBytes(totals.allocatedBytes)}`,
		);
	}
	for (const browser of summary.browsers) {
		const running =
			browser.running === 'running'
				? ', running'
				: browser.running === 'unknown'
					? ', maybe running'
					: '';
		const profiles = browser.profiles.length + browser.profilesOmitted;
		out.push(
			`${browser.label}: ${browser.userDataDir} (${profiles} ${profiles === 1 ? 'profile' : 'profiles'}${running})`,
		);
	}
	if (summary.unreadable > 0 || summary.vanished > 0) {
		out.push(
			`Could not read ${formatCount(summary.unreadable)} entries; ${formatCount(summary.vanished)} vanished during the scan.`,
		);
	}
	return `${out.join('\n')}\n`;
}
