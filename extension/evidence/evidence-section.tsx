import { useEffect, useMemo, useState } from 'preact/hooks';
import { evidenceMarkdown } from '../../shared/evidence-markdown.ts';
import {
	buildEvidenceReport,
	type EvidenceInput,
	evidenceJson,
} from '../../shared/evidence-report.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import type { CommandReply } from '../../shared/protocol.ts';
import { readFreeCleanup } from '../cleanup/claim-client.ts';
import type { ClaimRecord } from '../cleanup/claim-protocol.ts';
import { readSavedScan } from '../scan/saved-scan.ts';
import type { ScanRun } from '../scan/scan-run.ts';
import { CopyButton } from '../ui/copy-button.tsx';
import { evidenceInput } from './collect-evidence.ts';

interface EvidenceProps {
	ping: CommandReply<'ping'> | null;
	disks: FilesystemStatus[];
	locks: EvidenceInput['locks'];
	deepCleanupUrl: string;
}

// The latest scan and its free cleanup, as saved by the popup.
function useSavedRun() {
	const [saved, setSaved] = useState<{ run: ScanRun | null; record: ClaimRecord | null }>({
		run: null,
		record: null,
	});
	useEffect(() => {
		void readSavedScan().then(async (run) =>
			setSaved({ run, record: run ? await readFreeCleanup(run.runId) : null }),
		);
	}, []);
	return saved;
}

// The report to copy (Markdown) or save (JSON) and send with a Deep Cleanup request.
export function EvidenceSection({ ping, disks, locks, deepCleanupUrl }: EvidenceProps) {
	const { run, record } = useSavedRun();
	const [includeSites, setIncludeSites] = useState(false);
	const report = useMemo(
		() => buildEvidenceReport(evidenceInput({ ping, run, record, disks, locks, includeSites })),
		[ping, run, record, disks, locks, includeSites],
	);
	const markdown = useMemo(() => evidenceMarkdown(report), [report]);
	const jsonUrl = useMemo(
		() => URL.createObjectURL(new Blob([evidenceJson(report)], { type: 'application/json' })),
		[report],
	);
	useEffect(() => () => URL.revokeObjectURL(jsonUrl), [jsonUrl]);
	return (
		<section id="evidence" aria-labelledby="evidence-heading" data-testid="evidence">
			<h2 id="evidence-heading">Evidence report</h2>
			<p class="muted">
				The scan, the disks, the lock verdicts and the versions, with your home folder shown as ~.
				It holds no file contents, no downloads and no browsing history. Site names (origins) are
				left out unless you include them.
			</p>
			<div class="actions">
				<label>
					<input
						type="checkbox"
						checked={includeSites}
						onChange={(event) => setIncludeSites(event.currentTarget.checked)}
						data-testid="include-sites"
					/>{' '}
					Include site names
				</label>
				<CopyButton text={() => markdown} label="Copy Markdown" testId="copy-evidence" />
				<a href={jsonUrl} download="safedisk-evidence.json" data-testid="save-evidence">
					Save JSON
				</a>
				<a
					href={deepCleanupUrl}
					target="_blank"
					rel="noopener noreferrer"
					data-testid="deep-cleanup-link"
				>
					Continue to Deep Cleanup
				</a>
			</div>
			<textarea
				class="evidence"
				readOnly
				rows={18}
				value={markdown}
				data-testid="evidence-markdown"
				aria-label="Evidence report in Markdown"
			/>
		</section>
	);
}
