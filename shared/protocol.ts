import { z } from 'zod';
import { cancel } from './commands/cancel.ts';
import { deleteItem } from './commands/delete-item.ts';
import { diskStatus } from './commands/disk-status.ts';
import { lockHealth } from './commands/lock-health.ts';
import { ping } from './commands/ping.ts';
import { scan } from './commands/scan.ts';
import type { WireError } from './errors.ts';
import { ERROR_CODES } from './errors.ts';
import { type RequestId, requestIdSchema } from './request-id.ts';

export type { RequestId };

// Bumped whenever a message shape changes incompatibly; both sides refuse a mismatch by name.
export const PROTOCOL_VERSION = 1;

// Chrome refuses host-to-browser messages over 1 MB; the host keeps every frame below this.
export const MAX_HOST_MESSAGE_BYTES = 1024 * 1024;

// Requests from the extension are small; anything larger is refused without being parsed.
export const MAX_REQUEST_BYTES = 256 * 1024;

export interface CommandDefinition {
	request: z.ZodType;
	reply: z.ZodType;
	event?: z.ZodType;
}

// The one command map. Wire names are the keys; native-host/commands/<name>.ts implements each.
export const COMMANDS = {
	ping,
	'disk-status': diskStatus,
	cancel,
	scan,
	'lock-health': lockHealth,
	'delete-item': deleteItem,
} satisfies Record<string, CommandDefinition>;

export type CommandName = keyof typeof COMMANDS;
export type CommandRequest<C extends CommandName> = z.input<(typeof COMMANDS)[C]['request']>;
export type CommandPayload<C extends CommandName> = z.output<(typeof COMMANDS)[C]['request']>;
export type CommandReply<C extends CommandName> = z.output<(typeof COMMANDS)[C]['reply']>;
export type CommandEvent<C extends CommandName> = (typeof COMMANDS)[C] extends {
	event: infer E extends z.ZodType;
}
	? z.output<E>
	: never;

export function isCommandName(name: string): name is CommandName {
	return Object.hasOwn(COMMANDS, name);
}

export const requestEnvelopeSchema = z
	.object({
		v: z.number().int(),
		id: requestIdSchema,
		command: z.string().min(1).max(64),
		payload: z.unknown().optional(),
	})
	.strict();

const wireErrorSchema = z.object({
	code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
	message: z.string(),
	errno: z.string().optional(),
	syscall: z.string().optional(),
	path: z.string().optional(),
	details: z.record(z.string(), z.unknown()).optional(),
});

// Host-to-browser frames: a final result or error for a request id, or a streamed event before it.
export const hostMessageSchema = z.discriminatedUnion('type', [
	z.object({ v: z.number(), id: requestIdSchema, type: z.literal('result'), value: z.unknown() }),
	z.object({ v: z.number(), id: requestIdSchema, type: z.literal('event'), event: z.unknown() }),
	z.object({
		v: z.number(),
		id: requestIdSchema.nullable(),
		type: z.literal('error'),
		error: wireErrorSchema,
	}),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export type HostError = { v: number; id: RequestId | null; type: 'error'; error: WireError };
