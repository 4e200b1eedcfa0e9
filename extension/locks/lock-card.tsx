import type { LockReport } from '../../shared/commands/lock-health.ts';
import { formatBytes, formatCount } from '../../shared/format.ts';
import { CopyButton } from '../ui/copy-button.tsx';
import { verdictText } from './lock-verdict.ts';

function ageText(ms: number | null): string {
	if (ms === null) return 'no heartbeat';
	if (ms < 120_000) return `${Math.round(ms / 1000)} s ago`;
	return `${Math.round(ms / 60_000)} min ago`;
}

// One lock: its verdict, why, who holds it, and the filesystem under it.
export function LockCard({ report, evidence }: { report: LockReport; evidence: () => string }) {
	const verdict = verdictText(report);
	const { holder, filesystem: fs } = report;
	return (
		<li
			class="card lock"
			data-testid="lock"
			data-path={report.path}
			data-verdict={report.verdict}
			data-reason={report.reason}
		>
			<div class="lock-head">
				<code class="lock-path">{report.path}</code>
				<span class={`badge tone-${verdict.tone}`} data-testid="lock-verdict">
					{verdict.text}
				</span>
			</div>
			<p>{report.explanation}</p>
			<p class="muted">
				{report.convention} · holder{' '}
				{holder
					? `pid ${holder.pid ?? '?'} on ${holder.hostname ?? '?'} (${holder.state})`
					: 'unknown'}{' '}
				· heartbeat {ageText(report.heartbeat.ageMs)}
			</p>
			{fs && (
				<p class="muted" data-testid="lock-filesystem" data-condition={fs.condition}>
					Filesystem: {formatBytes(fs.freeBytes)} free of {formatBytes(fs.totalBytes)}
					{fs.freeInodes !== null && `, ${formatCount(fs.freeInodes)} inodes free`} · {fs.fsType} on{' '}
					{fs.mountPoint ?? '?'} · {fs.condition}
					{fs.readOnly ? ' · read-only' : ''}
					{fs.writable ? '' : ' · not writable'}
				</p>
			)}
			<CopyButton text={evidence} label="Copy evidence" testId="copy-lock-evidence" />
		</li>
	);
}
