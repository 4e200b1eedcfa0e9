import { useMemo } from 'preact/hooks';
import { formatBytes } from '../../shared/format.ts';
import { reclaimableAfter } from '../cleanup/remaining.ts';
import { freeCleanupRecord, useFreeCleanup } from '../cleanup/use-free-cleanup.ts';
import { rankCulprits } from '../scan/culprits.ts';
import { useScan } from '../scan/use-scan.ts';
import { useSettings } from '../settings/use-settings.ts';
import { DiskSummary } from '../ui/disk-summary.tsx';
import { HostProblemNotice } from '../ui/host-problem.tsx';
import { useHost } from '../ui/use-host.ts';
import { CulpritList } from './culprit-list.tsx';
import { FreeCleanupPanel } from './free-cleanup-panel.tsx';
import { PopupHeader } from './popup-header.tsx';
import { ScanProgressView } from './scan-progress.tsx';

function scannedWhen(iso: string): string {
	const at = new Date(iso);
	const today = at.toDateString() === new Date().toDateString();
	return today
		? `scanned ${at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
		: `scanned ${at.toLocaleDateString()}`;
}

export function App() {
	const host = useHost();
	const settings = useSettings();
	const reachable = host.kind === 'connecting' ? null : host.kind === 'connected';
	const { state, start, applyCleanup, clients } = useScan(reachable, settings);
	const { run } = state;
	const culprits = useMemo(() => (run ? rankCulprits(run.items, run.downloads) : []), [run]);
	const scanning = state.progress !== null;
	const popupHost = host.kind === 'connected' ? host.client : null;
	const cleanup = useFreeCleanup(run, clients, popupHost, applyCleanup);
	// One figure for the header and the free cleanup panel, after the free cleanup if it was used
	// (also when the popup reopens on a saved run).
	const reclaimable = run ? reclaimableAfter(run, freeCleanupRecord(cleanup.state)) : 0;
	return (
		<div class="popup">
			<PopupHeader host={host} />
			{host.kind === 'unreachable' && (
				<>
					<HostProblemNotice problem={host.problem} />
					<p class="muted" data-testid="browser-only-note">
						Without the helper SafeDisk sees only your downloads: site data and caches are files
						that only the helper can measure, and the browser reports no sizes for them.
					</p>
				</>
			)}
			{host.kind === 'connected' && (
				<DiskSummary status={host.home} label="Home folder disk" compact />
			)}
			<div class="scan-action">
				<button
					type="button"
					class="primary"
					data-testid="scan"
					disabled={reachable === null || settings === null || scanning}
					onClick={() => void start()}
				>
					{scanning ? 'Scanning…' : run ? 'Scan again' : 'Scan'}
				</button>
				{run && !scanning && (
					<span class="muted" data-testid="scan-total" data-bytes={reclaimable}>
						{formatBytes(reclaimable)} reclaimable · {scannedWhen(run.scannedAt)}
					</span>
				)}
			</div>
			{state.progress && <ScanProgressView progress={state.progress} />}
			{state.error && (
				<p
					class="card notice error"
					role="alert"
					data-testid="scan-error"
					data-code={state.error.code}
				>
					The scan failed: {state.error.message}
				</p>
			)}
			{run && !scanning && (
				<>
					<CulpritList culprits={culprits} />
					{run.parts.length > 0 && settings && (
						<FreeCleanupPanel
							run={run}
							live={state.live}
							hostClient={popupHost}
							deepCleanupUrl={settings.deepCleanupUrl}
							cleanup={cleanup}
							reclaimable={reclaimable}
						/>
					)}
				</>
			)}
		</div>
	);
}
