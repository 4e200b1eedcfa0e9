// Messages between an extension page and the service worker's relay to the native host.
import type { HostMessage } from '../../shared/protocol.ts';

export const HOST_RELAY_PORT = 'safedisk-host';

export type RelayToPage =
	| { type: 'host'; message: HostMessage }
	// The native port closed; `reason` is the browser's lastError text when there was one.
	| { type: 'disconnected'; reason: string | null };
