import { DiskSummary } from '../ui/disk-summary.tsx';
import { HostProblemNotice } from '../ui/host-problem.tsx';
import { useHost } from '../ui/use-host.ts';

export function App() {
	const host = useHost();
	return (
		<div class="popup">
			<header>
				<h1>SafeDisk</h1>
			</header>
			{host.kind === 'connecting' && (
				<p data-testid="host-state" data-state="connecting" role="status">
					Connecting to the SafeDisk helper…
				</p>
			)}
			{host.kind === 'unreachable' && <HostProblemNotice problem={host.problem} />}
			{host.kind === 'connected' && (
				<>
					<p class="muted" data-testid="host-state" data-state="connected" role="status">
						Helper connected · version {host.ping.hostVersion}
					</p>
					<DiskSummary status={host.home} label="Home folder disk" />
				</>
			)}
		</div>
	);
}
