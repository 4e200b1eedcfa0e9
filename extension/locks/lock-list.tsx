import type { LockReport } from '../../shared/commands/lock-health.ts';
import { LockCard } from './lock-card.tsx';
import type { LockCheck } from './use-lock-health.ts';

interface LockListProps {
	title: string;
	check: LockCheck;
	evidenceFor(report: LockReport): string;
	testId: string;
}

export function LockList({ title, check, evidenceFor, testId }: LockListProps) {
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
		</section>
	);
}
