import type { LockReport } from '../../shared/commands/lock-health.ts';
import { formatCount } from '../../shared/format.ts';
import { LockCard } from './lock-card.tsx';
import type { LockCheck } from './use-lock-health.ts';

interface LockListProps {
	title: string;
	check: LockCheck;
	evidenceFor(report: LockReport): string;
	testId: string;
	// The command that lists every lock of this list, named when some are not shown.
	cliCommand: string;
}

export function LockList({ title, check, evidenceFor, testId, cliCommand }: LockListProps) {
	return (
		<section aria-label={title} data-testid={testId} data-state={check.kind}>
			<h3>{title}</h3>
			{check.kind === 'checking' && <p role="status">Checking…</p>}
			{check.kind === 'failed' && (
				<p class="error-text" role="alert" data-code={check.error.code}>
					{check.error.message}
				</p>
			)}
			{check.kind === 'done' && check.reports.length === 0 && (
				<p class="muted">No locks found in {check.summary.directories.length} directories.</p>
			)}
			{check.kind === 'done' && check.reports.length > 0 && (
				<ul class="locks">
					{check.reports.map((report) => (
						<LockCard key={report.path} report={report} evidence={() => evidenceFor(report)} />
					))}
				</ul>
			)}
			{check.kind === 'done' && check.notShown > 0 && (
				<p class="muted" data-testid={`${testId}-not-shown`} data-count={check.notShown}>
					{formatCount(check.notShown)} more locks not shown (problems are listed first): run{' '}
					<code>{cliCommand}</code> for all.
				</p>
			)}
		</section>
	);
}
