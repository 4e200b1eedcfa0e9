import type { HostCommandContext, HostSession } from '../../native-host/commands/host-command.ts';
import type { ScanItem } from '../../shared/commands/scan.ts';
import { COMMANDS, type CommandEvent, MAX_HOST_MESSAGE_BYTES } from '../../shared/protocol.ts';

// A stand-in for one native-messaging connection: records every event as the frame the host
// would send, so tests can measure frame sizes and read the streamed items.
export function fakeScanContext(signal: AbortSignal = new AbortController().signal) {
	const frames: number[] = [];
	const events: CommandEvent<'scan'>[] = [];
	const memory = new Map<string, unknown>();
	const session: HostSession = { origin: 'chrome-extension://test/', memory, cancel: () => false };
	const context: HostCommandContext<'scan'> = {
		signal,
		session,
		emit(event) {
			COMMANDS.scan.event.parse(event);
			// The same envelope the session writes, with the longest request id it accepts.
			const frame = { v: 1, id: 'x'.repeat(128), type: 'event', event };
			frames.push(Buffer.byteLength(JSON.stringify(frame)));
			events.push(event);
		},
	};
	const items = (): ScanItem[] =>
		events.flatMap((event) => (event.kind === 'items' ? event.page : []));
	const largestFrame = () => Math.max(0, ...frames);
	return { context, memory, events, items, frames, largestFrame, limit: MAX_HOST_MESSAGE_BYTES };
}
