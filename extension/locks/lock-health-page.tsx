import { DiskSummary } from '../ui/disk-summary.tsx';
import { HostProblemNotice } from '../ui/host-problem.tsx';
import { useHost } from '../ui/use-host.ts';

export function LockHealthPage() {
	const host = useHost();
	return (
		<div class="page">
			<h1>Lock health</h1>
			{host.kind === 'unreachable' && <HostProblemNotice problem={host.problem} />}
			{host.kind === 'connected' && <DiskSummary status={host.home} label="Home folder disk" />}
		</div>
	);
}
