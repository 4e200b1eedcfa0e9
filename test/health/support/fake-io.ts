import { Writable } from 'node:stream';
import type { CliIo } from '../../../native-host/cli/cli-command.ts';

// A CLI's streams in memory; `isTTY` makes it look like a terminal.
export function fakeIo(options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
	let out = '';
	let err = '';
	const stdout = Object.assign(
		new Writable({
			write(chunk, _encoding, done) {
				out += chunk.toString();
				done();
			},
		}),
		{ isTTY: options.isTTY ?? false },
	);
	const stderr = new Writable({
		write(chunk, _encoding, done) {
			err += chunk.toString();
			done();
		},
	});
	const io: CliIo = { stdout, stderr, env: options.env ?? {} };
	return { io, stdout: () => out, stderr: () => err };
}
