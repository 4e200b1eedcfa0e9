import { type HostProblem, INSTALL_COMMAND, REPAIR_COMMAND } from '../host/host-diagnosis.ts';

export function HostProblemNotice({ problem }: { problem: HostProblem }) {
	if (problem.kind === 'not-installed') {
		return (
			<section
				class="card notice"
				data-testid="host-state"
				data-state="not-installed"
				role="status"
			>
				<h2>Install the SafeDisk helper</h2>
				<p>
					The browser alone cannot measure your disk. In the folder where you downloaded SafeDisk,
					run:
				</p>
				<pre data-testid="install-command">{INSTALL_COMMAND}</pre>
				<p class="muted">Then reopen this popup.</p>
			</section>
		);
	}
	return (
		<section class="card notice error" data-testid="host-state" data-state="failed" role="alert">
			<h2>The SafeDisk helper did not answer</h2>
			<p data-testid="host-error">{problem.detail}</p>
			<p>
				Run <code>npx safedisk doctor</code> in the SafeDisk folder to see what is wrong, or repair
				the registration with <code>{REPAIR_COMMAND}</code>.
			</p>
		</section>
	);
}
