#!/usr/bin/env node
// One program, two faces: started by a browser (first argument is the calling extension's origin)
// it speaks native messaging; started by a person it is the `safedisk` command line.
import { runCli } from './cli/run-cli.ts';
import { runHost } from './messaging/host-main.ts';

const first = process.argv[2];
if (first?.startsWith('chrome-extension://')) {
	process.exitCode = await runHost(first);
} else {
	// `safedisk locks | head` closes the pipe early; that ends the output, not the program's work.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
		process.exit(process.exitCode ?? 0);
	});
	process.exitCode = await runCli(process.argv.slice(2), {
		stdout: process.stdout,
		stderr: process.stderr,
		env: process.env,
	});
}
