import { useMemo } from 'preact/hooks';
import type { LockReport } from '../../shared/commands/lock-health.ts';
import { evidenceMarkdown } from '../../shared/evidence-markdown.ts';
import { buildEvidenceReport, type EvidenceInput } from '../../shared/evidence-report.ts';
import { evidenceInput } from '../evidence/collect-evidence.ts';
import { EvidenceSection } from '../evidence/evidence-section.tsx';
import { useSettings } from '../settings/use-settings.ts';
import { DiskSummary } from '../ui/disk-summary.tsx';
import { HostProblemNotice } from '../ui/host-problem.tsx';
import { useHost } from '../ui/use-host.ts';
import { LockList } from './lock-list.tsx';
import { SettingsSection } from './settings-section.tsx';
import { type LockCheck, useLockHealth } from './use-lock-health.ts';

function lockEvidence(checks: (LockCheck | null)[]): EvidenceInput['locks'] {
	const done = checks.filter((check) => check?.kind === 'done');
	if (done.length === 0) return null;
	return {
		reports: done.flatMap((check) => check.reports),
		summary: {
			total: done.reduce((sum, check) => sum + check.summary.total, 0),
			problemCount: done.reduce((sum, check) => sum + check.summary.problemCount, 0),
		},
	};
}

// A folder as one shell word, quoted only when it needs to be.
function shellWord(folder: string): string {
	return /^[\w@%+=:,./~-]+$/.test(folder) ? folder : `'${folder.replace(/'/g, `'\\''`)}'`;
}

// The options page: lock health for people who run agents and CLIs, the evidence report, and
// the settings the popup uses.
export function LockHealthPage() {
	const host = useHost();
	const settings = useSettings();
	const client = host.kind === 'connected' ? host.client : null;
	const ping = host.kind === 'connected' ? host.ping : null;
	const { defaults, mine, refresh } = useLockHealth(client, settings?.lockDirs ?? null);
	const locks = useMemo(() => lockEvidence([mine, defaults]), [mine, defaults]);
	const disks = useMemo(() => (host.kind === 'connected' ? [host.home] : []), [host]);
	const evidenceFor = (report: LockReport) =>
		evidenceMarkdown(
			buildEvidenceReport(
				evidenceInput({
					ping,
					run: null,
					record: null,
					disks: [],
					locks: { reports: [report], summary: null },
					includeSites: false,
				}),
			),
		);
	const evidence = settings && (
		<EvidenceSection
			ping={ping}
			disks={disks}
			locks={locks}
			deepCleanupUrl={settings.deepCleanupUrl}
		/>
	);
	const evidenceFirst = location.hash === '#evidence';
	return (
		<div class="page">
			<h1>SafeDisk: lock health</h1>
			{host.kind === 'connecting' && <p role="status">Connecting to the helper…</p>}
			{host.kind === 'unreachable' && <HostProblemNotice problem={host.problem} />}
			{evidenceFirst && evidence}
			{host.kind === 'connected' && (
				<section aria-labelledby="locks-heading">
					<div class="actions">
						<h2 id="locks-heading">Lock health</h2>
						<button type="button" onClick={refresh} data-testid="refresh-locks">
							Check again
						</button>
					</div>
					<DiskSummary status={host.home} label="Home folder disk" />
					{mine && (
						<LockList
							title="Your lock directories"
							check={mine}
							evidenceFor={evidenceFor}
							testId="my-locks"
							cliCommand={`safedisk locks ${(settings?.lockDirs ?? []).map(shellWord).join(' ')}`}
						/>
					)}
					<LockList
						title="Default locations"
						check={defaults}
						evidenceFor={evidenceFor}
						testId="default-locks"
						cliCommand="safedisk locks"
					/>
				</section>
			)}
			{!evidenceFirst && evidence}
			{settings && (
				<SettingsSection settings={settings} client={client} homeDir={ping?.homeDir ?? null} />
			)}
		</div>
	);
}
