// The Markdown form of the evidence report: what a person pastes into a message or an issue.

import type { EvidenceLock, EvidenceReport, EvidenceScan } from './evidence-report.ts';
import type { FilesystemStatus } from './filesystem-status.ts';
import { formatBytes, formatCount, formatPercent } from './format.ts';
import { CATEGORY_RISK, RISK_LEVELS } from './storage-risk.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function diskLine(disk: FilesystemStatus): string {
	const inodes =
		disk.freeInodes === null || disk.totalInodes === null
			? 'no fixed inode limit'
			: `${formatCount(disk.freeInodes)} of ${formatCount(disk.totalInodes)} inodes free`;
	const flags = [disk.readOnly ? 'read-only' : null, disk.writable ? null : 'not writable']
		.filter((flag) => flag !== null)
		.join(', ');
	return `- \`${disk.path}\`: ${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)} (${formatPercent(disk.usedPercent)} used), ${inodes}; ${disk.fsType} on ${disk.mountPoint ?? '?'}; ${disk.condition}${flags ? ` (${flags})` : ''}`;
}

const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

function freeCleanupLine(free: NonNullable<EvidenceScan['freeCleanup']>): string {
	const freed =
		free.freedBytes === null ? 'not measured' : `${formatBytes(free.freedBytes)} freed (measured)`;
	const left =
		free.remainingReclaimableBytes === null
			? ''
			: `; ${formatBytes(free.remainingReclaimableBytes)} still reclaimable`;
	return `Free cleanup: ${CATEGORY_RISK[free.category].label}, estimated ${formatBytes(free.estimateBytes)}, ${freed}${left}.`;
}

function scanSection(scan: EvidenceScan): string[] {
	const lines = [
		'## Browser storage scan',
		'',
		`Scanned at ${scan.scannedAt}: ${formatBytes(scan.allocatedBytes)} on disk.`,
		'',
	];
	lines.push(row(['risk', 'on disk', 'reclaimable', 'items']), row(['---', '---', '---', '---']));
	for (const risk of RISK_LEVELS) {
		const { allocatedBytes, reclaimableBytes, items } = scan.byRisk[risk];
		lines.push(
			row([risk, formatBytes(allocatedBytes), formatBytes(reclaimableBytes), formatCount(items)]),
		);
	}
	lines.push(
		'',
		...scan.browsers.map(
			(b) => `- ${b.label} (\`${b.userDataDir}\`, ${b.running}): ${formatBytes(b.allocatedBytes)}`,
		),
	);
	lines.push(
		'',
		row(['culprit', 'where', 'site', 'on disk', 'risk']),
		row(['---', '---', '---', '---', '---']),
	);
	for (const c of scan.culprits) {
		const where = `${c.browserLabel}${c.profile ? ` / ${c.profile}` : ''}`;
		lines.push(
			row([
				CATEGORY_RISK[c.category].label,
				where,
				c.site ?? '–',
				formatBytes(c.allocatedBytes),
				c.risk,
			]),
		);
	}
	const d = scan.downloads;
	if (d)
		lines.push(
			'',
			`Downloads: ${formatCount(d.count)} listed, ${formatCount(d.existing)} still on disk (${formatBytes(d.existingBytes)}).`,
		);
	if (scan.freeCleanup) lines.push('', freeCleanupLine(scan.freeCleanup));
	return lines;
}

function lockSection(lock: EvidenceLock): string[] {
	const holder = lock.holder;
	const age =
		lock.heartbeat.ageMs === null ? 'unknown' : `${Math.round(lock.heartbeat.ageMs / 1000)} s`;
	const lines = [
		`### \`${lock.path}\``,
		'',
		`- verdict: **${lock.verdict}** (${lock.reason}); may take over: ${lock.mayTakeOver ? 'yes' : 'no'}`,
		`- ${lock.explanation}`,
		`- kind: ${lock.kind} (${lock.convention})`,
		`- holder: pid ${holder.pid ?? '?'} on ${holder.hostname ?? '?'}, ${holder.state}${holder.program ? `, \`${holder.program}\`` : ''}`,
		`- heartbeat (${lock.heartbeat.source}): ${lock.heartbeat.at ?? 'never'}, age ${age}, stale after ${lock.heartbeat.staleMs === null ? '?' : `${lock.heartbeat.staleMs} ms`}`,
	];
	if (lock.filesystem) lines.push(`- filesystem: ${diskLine(lock.filesystem).slice(2)}`);
	for (const note of lock.notes) lines.push(`- note: ${note}`);
	lines.push('');
	return lines;
}

export function evidenceMarkdown(report: EvidenceReport): string {
	const v = report.versions;
	const lines = [
		'# SafeDisk evidence report',
		'',
		`Generated ${report.generatedAt}. SafeDisk extension ${v.extension}, helper ${v.host ?? 'not connected'}, Node ${v.node ?? '?'}, ${v.browser}, ${v.platform ?? '?'}.`,
		`Home folder shown as \`~\`; site names ${report.privacy.sites === 'included' ? 'included' : 'left out'}; no file contents, downloads or browsing history.`,
		'',
	];
	if (report.scan) lines.push(...scanSection(report.scan), '');
	if (report.disks.length > 0) lines.push('## Disks', '', ...report.disks.map(diskLine), '');
	if (report.locks.length > 0 || report.lockSummary) {
		const summary = report.lockSummary;
		lines.push('## Lock health', '');
		if (summary)
			lines.push(
				`${formatCount(summary.total)} locks checked; ${formatCount(summary.problems)} problems noted (locks and directories).`,
				'',
			);
		for (const lock of report.locks) lines.push(...lockSection(lock));
		if (report.locksLeftOut > 0)
			lines.push(
				`${formatCount(report.locksLeftOut)} more locks left out of this report (problems are listed first); \`safedisk locks\` lists them all.`,
				'',
			);
	}
	return `${lines.join('\n').trimEnd()}\n`;
}
