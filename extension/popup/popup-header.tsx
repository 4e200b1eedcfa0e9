import browser from 'webextension-polyfill';
import type { HostState } from '../ui/use-host.ts';

export function PopupHeader({ host }: { host: HostState }) {
	return (
		<header class="popup-header">
			<h1>SafeDisk</h1>
			{host.kind === 'connecting' && (
				<span class="muted" data-testid="host-state" data-state="connecting" role="status">
					Connecting to the helper…
				</span>
			)}
			{host.kind === 'connected' && (
				<span class="muted" data-testid="host-state" data-state="connected" role="status">
					Helper connected · {host.ping.hostVersion}
				</span>
			)}
			<button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
				Lock health and settings
			</button>
		</header>
	);
}
