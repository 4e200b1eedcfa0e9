import path from 'node:path';
import type { ScanItem, ScanSummary } from '../../shared/commands/scan.ts';
import { formatBytes, formatCount } from '../../shared/format.ts';
import { CATEGORY_RISK, RISK_LEVELS, type RiskLevel } from '../../shared/storage-risk.ts';
import { escapeForTerminal, type Palette } from '../cli/terminal-text.ts';

const MAX_CELL = 48;

export interface ScanReportOptions {
	palette: Palette;
	// The user's home folder, shown as "~" in folder names.
	home: string;
}

// Widths count code points, so a name in any script pads like one in ASCII.
const width = (text: string) => [...text].length;

// Folder, profile and site names come from the disk and from "Local State": any control
// character in them is escaped before it reaches the terminal, then the cell is cut to size.
function cell(text: string, max = MAX_CELL): string {
	const points = [...escapeForTerminal(text)];
	return points.length > max ? `${points.slice(0, max - 1).join('')}…` : points.join('');
}

// A count with its noun: "1 item", "2 items".
export function counted(count: number, noun: string, nouns = `${noun}s`): string {
	return `${formatCount(count)} ${count === 1 ? noun : nouns}`;
}

// The folder, escaped, with the home folder shown as "~", and only its end when it is long.
export function shortFolder(dir: string, home: string, max = 40): string {
	const inHome = home.length > 1 && (dir === home || dir.startsWith(home + path.sep));
	const points = [...escapeForTerminal(inHome ? `~${dir.slice(home.length)}` : dir)];
	return points.length > max
		? `…${points.slice(points.length - max + 1).join('')}`
		: points.join('');
}

function riskPaint(palette: Palette, risk: RiskLevel): (text: string) => string {
	return risk === 'low' ? palette.good : risk === 'medium' ? palette.warn : palette.bad;
}

// The human report of a scan: an aligned table of the biggest items, then the totals per risk.
// With items from more than one user-data folder, a column tells which folder each is in.
export function renderScanReport(
	items: readonly ScanItem[],
	summary: ScanSummary,
	options: ScanReportOptions,
): string {
	const { palette, home } = options;
	const folders = new Set([
		...items.map((item) => item.userDataDir),
		...summary.browsers.map((browser) => browser.userDataDir),
	]);
	const showFolder = folders.size > 1;
	const header = ['#', 'Size', 'Risk', 'What', 'Site', 'Browser / profile'];
	if (showFolder) header.push('Folder');
	const rows = items.map((item, index) => {
		const what = CATEGORY_RISK[item.category].label;
		const row = [
			String(index + 1),
			formatBytes(item.allocatedBytes),
			item.risk,
			cell(item.detail ? `${what} (${item.detail})` : what),
			cell(item.site ?? '-'),
			cell(`${item.browserLabel} / ${item.profileName ?? item.profile ?? 'all profiles'}`),
		];
		if (showFolder) row.push(shortFolder(item.userDataDir, home));
		return row;
	});
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => width(row[column] ?? ''))),
	);
	const line = (row: string[], risk?: RiskLevel) =>
		row
			.map((value, column) => {
				const pad = ' '.repeat(Math.max(0, (widths[column] ?? 0) - width(value)));
				// Numbers line up on the right, words on the left; colour goes on after padding.
				const padded = column <= 1 ? pad + value : value + pad;
				return column === 2 && risk ? riskPaint(palette, risk)(padded) : padded;
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
		`Total ${formatBytes(summary.allocatedBytes)} on disk in ${counted(summary.itemCount, 'item')}, ${counted(summary.files, 'file')}.`,
	);
	for (const risk of RISK_LEVELS) {
		const totals = summary.byRisk[risk];
		out.push(
			`  ${riskPaint(palette, risk)(risk.padEnd(6))} ${formatBytes(totals.reclaimableBytes).padStart(10)} reclaimable of ${formatBytes(totals.allocatedBytes)}`,
		);
	}
	for (const browser of summary.browsers) out.push(browserLine(browser, home));
	if (summary.unreadable > 0 || summary.vanished > 0) {
		out.push(
			`Could not read ${counted(summary.unreadable, 'entry', 'entries')}; ${formatCount(summary.vanished)} vanished during the scan.`,
		);
	}
	if (summary.problems.length > 0) out.push('Problems:');
	for (const problem of summary.problems) out.push(problemLine(problem, home));
	return `${out.join('\n')}\n`;
}

function browserLine(browser: ScanSummary['browsers'][number], home: string): string {
	const running =
		browser.running === 'running'
			? ', running'
			: browser.running === 'unknown'
				? ', maybe running'
				: '';
	const profiles = browser.profiles.length + browser.profilesOmitted;
	const folder = shortFolder(browser.userDataDir, home, Number.MAX_SAFE_INTEGER);
	return `${cell(browser.label)}: ${folder} (${counted(profiles, 'profile')}${running})`;
}

const PROBLEM_TEXT: Record<ScanSummary['problems'][number]['kind'], string> = {
	unreadable: 'could not be read',
	vanished: 'vanished during the scan',
	'too-large': 'is larger than SafeDisk reads; its bytes are counted, its names are not',
	'not-a-file': 'is not a regular file, so SafeDisk did not read it',
};

function problemLine(problem: ScanSummary['problems'][number], home: string): string {
	const where = shortFolder(problem.path, home, Number.MAX_SAFE_INTEGER);
	return `  ${where} ${PROBLEM_TEXT[problem.kind]} (${escapeForTerminal(problem.code)})`;
}
