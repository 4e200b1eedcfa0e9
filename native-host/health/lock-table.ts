import path from 'node:path';
import type { LockHolder, LockReport, PathStat } from '../../shared/commands/lock-health.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { formatAge, formatBytes, formatCount } from '../../shared/format.ts';
import type { LockVerdict } from '../../shared/lock-health.ts';
import { alignColumns, escapeForTerminal as esc, type Palette } from '../cli/terminal-text.ts';
import type { LockCheckResult } from './check-locks.ts';

const HEADER = ['VERDICT', 'REASON', 'KIND', 'HOLDER', 'HEARTBEAT', 'LOCK'];

// The human report of `safedisk locks`: per checked directory its filesystem and an aligned
// table of its locks, then the details of every lock that needs attention (of all with verbose).
export function renderLockReport(
	result: LockCheckResult,
	reports: readonly LockReport[],
	palette: Palette,
	verbose: boolean,
): string[] {
	const lines: string[] = [];
	for (const directory of result.directories) {
		const inside = reports
			.filter(
				(report) =>
					report.path.startsWith(`${directory.path}${path.sep}`) || report.path === directory.path,
			)
			.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
		lines.push(`${esc(directory.path)}: ${inside.length} lock${inside.length === 1 ? '' : 's'}`);
		if (directory.filesystem) lines.push(`  ${describeStatus(directory.filesystem)}`);
		if (inside.length === 0) {
			lines.push('');
			continue;
		}
		const rows = [HEADER, ...inside.map((report) => row(report, directory.path))];
		alignColumns(rows).forEach((cells, index) => {
			const verdict = inside[index - 1]?.verdict;
			const first = cells[0] ?? '';
			const coloured = verdict ? paint(palette, verdict, first) : palette.dim(first);
			lines.push(`  ${[coloured, ...cells.slice(1)].join('  ').trimEnd()}`);
		});
		lines.push('');
	}
	const detailed = reports.filter((report) => verbose || report.problem);
	for (const report of detailed) lines.push(...details(report), '');
	const others = result.problems.filter((problem) => problem.verdict === null);
	if (others.length > 0) {
		lines.push('Other problems:');
		for (const problem of others)
			lines.push(`  ${esc(problem.path)}: ${problem.reason}: ${esc(problem.message)}`);
		lines.push('');
	}
	lines.push(closingLine(result));
	return lines;
}

function row(report: LockReport, root: string): string[] {
	const relative = path.relative(root, report.path) || path.basename(report.path);
	return [
		report.verdict,
		report.reason,
		report.kind,
		holderCell(report.holder),
		report.heartbeat.future
			? `${formatAge(report.heartbeat.ageMs)}!`
			: formatAge(report.heartbeat.ageMs),
		esc(relative) + (report.entryType === 'directory' ? '/' : ''),
	];
}

function holderCell(holder: LockHolder | null): string {
	if (!holder) return '-';
	const host = holder.hostname ? `@${esc(holder.hostname)}` : '';
	const pid = holder.pid === null ? 'no pid' : `pid ${holder.pid}`;
	return `${pid}${host} ${holder.state}`;
}

function details(report: LockReport): string[] {
	const lines = [`${esc(report.path)}`];
	lines.push(`  verdict:    ${report.verdict} (${report.reason}): ${esc(report.explanation)}`);
	lines.push(`  kind:       ${report.kind} (${esc(report.convention)})`);
	if (report.holder) {
		const { holder } = report;
		const how = `${holder.check}${holder.errno ? ` ${holder.errno}` : ''}`;
		const host = holder.hostname ? ` on ${esc(holder.hostname)}` : '';
		lines.push(
			`  holder:     pid ${holder.pid ?? 'none'}${host}, ${holder.state} (${how}), from the ${holder.source}`,
		);
		if (holder.commandLine) lines.push(`  command:    ${esc(holder.commandLine)}`);
	}
	for (const lock of report.kernelLocks)
		lines.push(
			`  kernel:     ${lock.type} ${lock.mode} held by pid ${lock.pid ?? '(open file description)'}`,
		);
	const beat = report.heartbeat;
	if (beat.source === 'none') {
		lines.push('  heartbeat:  none in this convention');
		if (beat.stat) lines.push(`  stat:       ${describeStat(beat.stat)}`);
		return [...lines, ...tail(report)];
	}
	const ahead = beat.ageMs !== null && beat.ageMs < 0;
	const when =
		beat.at === null ? 'none' : `${formatAge(beat.ageMs)}${ahead ? '' : ' ago'} (${beat.at})`;
	const stale =
		beat.staleThresholdMs === null ? '' : `, stale after ${formatAge(beat.staleThresholdMs)}`;
	lines.push(
		`  heartbeat:  ${esc(beat.path)} [${beat.source}]: ${when}${stale}${beat.future ? ', IN THE FUTURE' : ''}`,
	);
	if (beat.stat) lines.push(`  stat:       ${describeStat(beat.stat)}`);
	return [...lines, ...tail(report)];
}

function tail(report: LockReport): string[] {
	const lines: string[] = [];
	if (report.filesystem) lines.push(`  filesystem: ${describeStatus(report.filesystem)}`);
	for (const note of report.notes) lines.push(`  note:       ${esc(note)}`);
	return lines;
}

function describeStat(stat: PathStat): string {
	return `${stat.type}, size ${stat.size}, mode ${stat.mode}, uid ${stat.uid}, gid ${stat.gid}, inode ${stat.inode}, device ${stat.device}, mtime ${stat.mtime}, ctime ${stat.ctime}`;
}

// One line with what `df -h`, `df -i` and `test -w` would say.
export function describeStatus(status: FilesystemStatus): string {
	const inodes =
		status.freeInodes === null || status.totalInodes === null
			? 'no inode limit'
			: `${formatCount(status.freeInodes)} of ${formatCount(status.totalInodes)} inodes free`;
	const writable = status.writable ? 'writable' : `NOT writable (${status.writeError ?? '?'})`;
	const flags = status.readOnly ? ', read-only' : '';
	return `${status.fsType} on ${esc(status.mountPoint ?? '?')}${flags}: ${formatBytes(status.freeBytes)} of ${formatBytes(status.totalBytes)} free, ${inodes}, ${writable}, ${status.condition}`;
}

function closingLine(result: LockCheckResult): string {
	const counted = Object.entries(result.counts)
		.filter(([, count]) => count > 0)
		.map(([verdict, count]) => `${count} ${verdict}`)
		.join(', ');
	const problems = result.problems.length;
	return `${result.total} lock${result.total === 1 ? '' : 's'}${counted ? ` (${counted})` : ''}; ${problems === 0 ? 'no problems' : `${problems} problem${problems === 1 ? '' : 's'}`}.`;
}

function paint(palette: Palette, verdict: LockVerdict, text: string): string {
	if (verdict === 'held-healthy') return palette.good(text);
	if (verdict === 'stale-stealable' || verdict === 'stale-not-stealable') return palette.bad(text);
	return palette.warn(text);
}
