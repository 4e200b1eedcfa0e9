import { HOST_FINDING_CODES } from '../../shared/host-diagnosis.ts';
import {
	DOCTOR_COMMAND,
	type HostProblem,
	INSTALL_COMMAND,
	likelyFindings,
	REPAIR_COMMAND,
} from '../host/host-diagnosis.ts';

function LikelyCauses({ problem }: { problem: HostProblem }) {
	const findings = likelyFindings(problem);
	if (findings.length === 0) return null;
	return (
		<details data-testid="likely-causes">
			<summary>What {DOCTOR_COMMAND} may find</summary>
			<ul>
				{findings.map((code) => (
					<li key={code} data-code={code}>
						{HOST_FINDING_CODES[code]}
					</li>
				))}
			</ul>
		</details>
	);
}

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
				<p class="muted">
					Then reopen this popup. Installed it already? Run <code>{DOCTOR_COMMAND}</code> to see why
					the browser does not find it.
				</p>
				<LikelyCauses problem={problem} />
			</section>
		);
	}
	return (
		<section class="card notice error" data-testid="host-state" data-state="failed" role="alert">
			<h2>The SafeDisk helper did not answer</h2>
			<p>
				The browser said: <span data-testid="host-error">{problem.detail}</span>
			</p>
			<p>
				Run <code>{DOCTOR_COMMAND}</code> in the SafeDisk folder to see what is wrong, or repair the
				registration with <code>{REPAIR_COMMAND}</code>.
			</p>
			<LikelyCauses problem={problem} />
		</section>
	);
}
