import type {
	CommandEvent,
	CommandName,
	CommandPayload,
	CommandReply,
} from '../../shared/protocol.ts';

// State the host keeps for the life of one native-messaging connection.
export interface HostSession {
	readonly origin: string;
	// Anything a command needs to remember between requests (for example the latest scan).
	readonly memory: Map<string, unknown>;
	cancel(requestId: string | number): boolean;
}

export interface HostCommandContext<C extends CommandName> {
	signal: AbortSignal;
	session: HostSession;
	// Streams an event to the extension before the final reply; each must stay under 1 MB.
	emit(event: CommandEvent<C>): void;
}

// native-host/commands/<wire-name>.ts exports one handler; its wire name is the file name.
export type HostCommandHandler<C extends CommandName> = (
	payload: CommandPayload<C>,
	context: HostCommandContext<C>,
) => Promise<CommandReply<C>>;
