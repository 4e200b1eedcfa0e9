import type { Readable, Writable } from 'node:stream';
import { type ErrorCode, SafeDiskError, toWireError, type WireError } from '../../shared/errors.ts';
import {
	COMMANDS,
	type CommandName,
	isCommandName,
	MAX_HOST_MESSAGE_BYTES,
	PROTOCOL_VERSION,
	type RequestId,
	requestEnvelopeSchema,
} from '../../shared/protocol.ts';
import { requestIdSchema } from '../../shared/request-id.ts';
import type { HostCommandHandler, HostSession } from '../commands/host-command.ts';
import { log } from '../log.ts';
import { type DecodedFrame, encodeFrame, FrameDecoder } from './framing.ts';

export type HandlerTable = { [C in CommandName]: HostCommandHandler<C> };

export interface SessionOptions {
	origin: string;
	input: Readable;
	output: Writable;
	handlers: HandlerTable;
}

const FRAME_ERRORS: Record<Exclude<DecodedFrame['kind'], 'message'>, [ErrorCode, string]> = {
	empty: ['E_BAD_FRAME', 'Received a frame of length zero.'],
	'invalid-utf8': ['E_BAD_JSON', 'A frame was not valid UTF-8.'],
	'too-large': ['E_FRAME_TOO_LARGE', 'A frame was larger than the host accepts; it was skipped.'],
	unrecoverable: [
		'E_FRAME_TOO_LARGE',
		'A frame length was impossibly large; the connection is closed.',
	],
};

// One native-messaging connection: reads frames, validates each message, runs commands
// concurrently, and writes nothing to the output but protocol frames.
export function runSession(options: SessionOptions): Promise<void> {
	const running = new Map<RequestId, AbortController>();
	const inFlight = new Set<Promise<void>>();
	const decoder = new FrameDecoder();
	const session: HostSession = {
		origin: options.origin,
		memory: new Map(),
		cancel(requestId) {
			const controller = running.get(requestId);
			if (!controller) return false;
			controller.abort(
				new SafeDiskError('E_CANCELLED', `Request ${String(requestId)} was cancelled.`),
			);
			return true;
		},
	};

	const send = (message: object): void => {
		let frame = encodeFrame(message);
		if (frame.length - 4 > MAX_HOST_MESSAGE_BYTES) {
			const id = (message as { id?: RequestId | null }).id ?? null;
			log('error', 'reply-too-large', { id, bytes: frame.length - 4 });
			frame = encodeFrame(
				errorMessage(id, { code: 'E_REPLY_TOO_LARGE', message: 'The reply exceeded 1 MB.' }),
			);
		}
		options.output.write(frame);
	};

	const handleMessage = (text: string): void => {
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			send(errorMessage(null, { code: 'E_BAD_JSON', message: 'A frame did not hold valid JSON.' }));
			return;
		}
		const envelope = requestEnvelopeSchema.safeParse(parsed);
		if (!envelope.success) {
			send(errorMessage(salvageId(parsed), badMessage(envelope.error.issues)));
			return;
		}
		const { v, id, command, payload } = envelope.data;
		if (v !== PROTOCOL_VERSION) {
			send(
				errorMessage(id, {
					code: 'E_PROTOCOL_VERSION',
					message: `The host speaks protocol ${PROTOCOL_VERSION}, the message used ${v}. Update the ${v < PROTOCOL_VERSION ? 'extension' : 'native host (npm start)'}.`,
					details: { hostProtocol: PROTOCOL_VERSION, messageProtocol: v },
				}),
			);
			return;
		}
		if (!isCommandName(command)) {
			send(
				errorMessage(id, {
					code: 'E_UNKNOWN_COMMAND',
					message: `Unknown command "${command.slice(0, 64)}".`,
				}),
			);
			return;
		}
		if (running.has(id)) {
			send(
				errorMessage(id, {
					code: 'E_DUPLICATE_ID',
					message: `Request id ${String(id)} is still running.`,
				}),
			);
			return;
		}
		const checked = COMMANDS[command].request.safeParse(payload ?? {});
		if (!checked.success) {
			send(
				errorMessage(id, {
					code: 'E_BAD_PAYLOAD',
					message: `Invalid payload for "${command}": ${describeIssues(checked.error.issues)}`,
				}),
			);
			return;
		}
		const controller = new AbortController();
		running.set(id, controller);
		log('debug', 'request', { id, command });
		const task = runCommand(command, id, checked.data, controller.signal).finally(() => {
			running.delete(id);
			inFlight.delete(task);
		});
		inFlight.add(task);
	};

	const runCommand = async (
		command: CommandName,
		id: RequestId,
		payload: unknown,
		signal: AbortSignal,
	) => {
		const handler = options.handlers[command] as HostCommandHandler<CommandName>;
		try {
			const value = await handler(payload as never, {
				signal,
				session,
				emit: (event) => send({ v: PROTOCOL_VERSION, id, type: 'event', event }),
			});
			const reply = COMMANDS[command].reply.safeParse(value);
			if (!reply.success) {
				log('error', 'reply-invalid', { command, issues: describeIssues(reply.error.issues) });
				send(
					errorMessage(id, {
						code: 'E_INTERNAL',
						message: `The host built an invalid "${command}" reply.`,
					}),
				);
				return;
			}
			send({ v: PROTOCOL_VERSION, id, type: 'result', value: reply.data });
			log('debug', 'reply', { id, command });
		} catch (error) {
			const wire =
				signal.aborted && !(error instanceof SafeDiskError)
					? toWireError(signal.reason)
					: toWireError(error);
			if (wire.code === 'E_INTERNAL')
				log('error', 'command-failed', { command, error: String(error) });
			send(errorMessage(id, wire));
		}
	};

	const handleFrame = (frame: DecodedFrame): void => {
		if (frame.kind === 'message') {
			handleMessage(frame.text);
			return;
		}
		const [code, message] = FRAME_ERRORS[frame.kind];
		const details =
			frame.kind === 'too-large' || frame.kind === 'unrecoverable'
				? { length: frame.length }
				: undefined;
		send(errorMessage(null, details ? { code, message, details } : { code, message }));
		if (frame.kind === 'unrecoverable') options.input.destroy();
	};

	return new Promise<void>((resolve) => {
		let finished = false;
		options.input.on('data', (chunk: Buffer) => {
			for (const frame of decoder.push(chunk)) handleFrame(frame);
		});
		const finish = async () => {
			if (finished) return;
			finished = true;
			if (decoder.pendingBytes > 0) {
				send(
					errorMessage(null, { code: 'E_BAD_FRAME', message: 'The input ended inside a frame.' }),
				);
			}
			// The browser closed the port: nobody will read the results of running work.
			for (const controller of running.values()) {
				controller.abort(new SafeDiskError('E_CANCELLED', 'The browser disconnected.'));
			}
			await Promise.allSettled([...inFlight]);
			resolve();
		};
		options.input.once('end', finish);
		options.input.once('close', finish);
		options.input.once('error', finish);
	});
}

function errorMessage(id: RequestId | null, error: WireError) {
	return { v: PROTOCOL_VERSION, id, type: 'error' as const, error };
}

function salvageId(parsed: unknown): RequestId | null {
	if (typeof parsed !== 'object' || parsed === null) return null;
	const id = requestIdSchema.safeParse((parsed as { id?: unknown }).id);
	return id.success ? id.data : null;
}

function badMessage(issues: readonly { path: PropertyKey[]; message: string }[]): WireError {
	return {
		code: 'E_BAD_MESSAGE',
		message: `A message must be {"v", "id", "command", "payload"}: ${describeIssues(issues)}`,
	};
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
	return issues
		.slice(0, 5)
		.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
		.join('; ')
		.slice(0, 500);
}
