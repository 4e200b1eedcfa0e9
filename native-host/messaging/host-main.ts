import { Writable } from 'node:stream';
import { EXTENSION_IDS } from '../../shared/extension-id.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { HANDLERS } from '../commands/registry.ts';
import { log } from '../log.ts';
import { encodeFrame } from './framing.ts';
import { runSession } from './session.ts';

const ORIGIN_PATTERN = /^chrome-extension:\/\/([a-p]{32})\/?$/;

// Takes stdout for protocol frames only: every other write to it (a stray console.log in any
// module) is sent to stderr instead, where the browser ignores it.
function claimStdout(): Writable {
	const writeFrame = process.stdout.write.bind(process.stdout);
	const toStderr = process.stderr.write.bind(process.stderr);
	process.stdout.write = toStderr as typeof process.stdout.write;
	for (const method of ['log', 'info', 'debug', 'warn', 'error'] as const) {
		console[method] = (...args: unknown[]) =>
			log('info', 'console', { method, args: args.map(String) });
	}
	return new Writable({
		write(chunk: Buffer, _encoding, callback) {
			writeFrame(chunk, callback);
		},
	});
}

export function isAllowedOrigin(origin: string): boolean {
	const id = ORIGIN_PATTERN.exec(origin)?.[1];
	return id !== undefined && (EXTENSION_IDS as readonly string[]).includes(id);
}

// Native-messaging mode: the browser started us with the calling extension's origin.
export async function runHost(origin: string): Promise<number> {
	const output = claimStdout();
	// The browser stopped reading (EPIPE): nobody will see a reply, so end the session instead of
	// dying on an unhandled stream error.
	const readerGone = (error: Error) => {
		log('warn', 'stdout-error', { error: String(error) });
		process.stdin.destroy();
	};
	process.stdout.on('error', readerGone);
	output.on('error', readerGone);
	if (!isAllowedOrigin(origin)) {
		log('warn', 'origin-refused', { origin });
		const refusal = {
			v: PROTOCOL_VERSION,
			id: null,
			type: 'error',
			error: {
				code: 'E_ORIGIN_REFUSED',
				message: 'This native host serves only the SafeDisk extension.',
			},
		};
		await new Promise<void>((resolve) => output.write(encodeFrame(refusal), () => resolve()));
		return 1;
	}
	log('info', 'session-start', { origin, pid: process.pid });
	process.stdin.on('error', (error) => log('warn', 'stdin-error', { error: String(error) }));
	await runSession({ origin, input: process.stdin, output, handlers: HANDLERS });
	await new Promise<void>((resolve) => output.end(resolve));
	return 0;
}
