import browser, { type Runtime } from 'webextension-polyfill';
import { fromWireError, SafeDiskError } from '../../shared/errors.ts';
import {
	COMMANDS,
	type CommandEvent,
	type CommandName,
	type CommandReply,
	type CommandRequest,
	type HostMessage,
	PROTOCOL_VERSION,
} from '../../shared/protocol.ts';
import { HOST_RELAY_PORT, type RelayToPage } from './relay-protocol.ts';

interface Pending {
	command: CommandName;
	resolve(value: unknown): void;
	reject(error: SafeDiskError): void;
	onEvent: ((event: never) => void) | undefined;
}

export interface RequestOptions<C extends CommandName> {
	onEvent?: (event: CommandEvent<C>) => void;
	signal?: AbortSignal;
}

// A typed connection to the native host through the service worker. Request and reply types come
// from the shared command map, and every reply is validated before it is used.
export class HostClient {
	private readonly port: Runtime.Port;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private closedWith: SafeDiskError | null = null;
	private readonly closeListeners = new Set<(error: SafeDiskError) => void>();

	constructor() {
		this.port = browser.runtime.connect({ name: HOST_RELAY_PORT });
		this.port.onMessage.addListener((message: unknown) => this.receive(message as RelayToPage));
		this.port.onDisconnect.addListener(() => this.close(null));
	}

	request<C extends CommandName>(
		command: C,
		payload: CommandRequest<C>,
		options: RequestOptions<C> = {},
	): Promise<CommandReply<C>> {
		if (this.closedWith) return Promise.reject(this.closedWith);
		const id = this.nextId++;
		return new Promise<CommandReply<C>>((resolve, reject) => {
			this.pending.set(id, {
				command,
				resolve: resolve as (value: unknown) => void,
				reject,
				onEvent: options.onEvent as ((event: never) => void) | undefined,
			});
			options.signal?.addEventListener(
				'abort',
				() => void this.request('cancel', { id }).catch(() => undefined),
				{
					once: true,
				},
			);
			this.port.postMessage({ v: PROTOCOL_VERSION, id, command, payload });
		});
	}

	onClose(listener: (error: SafeDiskError) => void): void {
		if (this.closedWith) listener(this.closedWith);
		else this.closeListeners.add(listener);
	}

	disconnect(): void {
		this.port.disconnect();
		this.close('The page closed the connection.');
	}

	private receive(relay: RelayToPage): void {
		if (relay.type === 'disconnected') {
			this.close(relay.reason);
			return;
		}
		this.deliver(relay.message);
	}

	private deliver(message: HostMessage): void {
		if (message.id === null || typeof message.id !== 'number') {
			if (message.type === 'error') this.close(message.error.message, fromWireError(message.error));
			return;
		}
		const pending = this.pending.get(message.id);
		if (!pending) return;
		if (message.type === 'event') {
			pending.onEvent?.(message.event as never);
			return;
		}
		this.pending.delete(message.id);
		if (message.type === 'error') {
			pending.reject(fromWireError(message.error));
			return;
		}
		const reply = COMMANDS[pending.command].reply.safeParse(message.value);
		if (reply.success) pending.resolve(reply.data);
		else
			pending.reject(
				new SafeDiskError('E_BAD_MESSAGE', `The host sent an invalid "${pending.command}" reply.`),
			);
	}

	private close(reason: string | null, error?: SafeDiskError): void {
		if (this.closedWith) return;
		this.closedWith =
			error ??
			new SafeDiskError('E_HOST_UNREACHABLE', reason ?? 'The native host closed the connection.', {
				details: { reason },
			});
		for (const pending of this.pending.values()) pending.reject(this.closedWith);
		this.pending.clear();
		for (const listener of this.closeListeners) listener(this.closedWith);
		this.closeListeners.clear();
	}
}
