import browser, { type Runtime } from 'webextension-polyfill';
import { HOST_NAME } from '../../shared/extension-id.ts';
import { hostMessageSchema } from '../../shared/protocol.ts';
import { HOST_RELAY_PORT, type RelayToPage } from '../host/relay-protocol.ts';

// Each extension page that connects gets its own native-host process; closing the page ends it.
export function relayPageToHost(page: Runtime.Port): void {
	if (page.name !== HOST_RELAY_PORT) return;
	let native: Runtime.Port;
	try {
		native = browser.runtime.connectNative(HOST_NAME);
	} catch (error) {
		page.postMessage({ type: 'disconnected', reason: String(error) } satisfies RelayToPage);
		page.disconnect();
		return;
	}
	native.onMessage.addListener((message: unknown) => {
		const parsed = hostMessageSchema.safeParse(message);
		if (parsed.success)
			page.postMessage({ type: 'host', message: parsed.data } satisfies RelayToPage);
	});
	native.onDisconnect.addListener((port) => {
		const reason = port.error?.message ?? chrome.runtime.lastError?.message ?? null;
		page.postMessage({ type: 'disconnected', reason } satisfies RelayToPage);
		page.disconnect();
	});
	page.onMessage.addListener((message: unknown) => native.postMessage(message));
	page.onDisconnect.addListener(() => native.disconnect());
}
