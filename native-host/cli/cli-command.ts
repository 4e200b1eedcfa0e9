// A `safedisk <name>` subcommand. The file native-host/cli/<name>.ts exports one of these.
export interface CliIo {
	stdout: NodeJS.WritableStream & { isTTY?: boolean };
	stderr: NodeJS.WritableStream & { isTTY?: boolean };
	env: NodeJS.ProcessEnv;
}

export interface CliCommand {
	name: string;
	summary: string;
	usage: string;
	// Resolves to the process exit code: 0 all good, 1 a problem was found, 2 a usage error.
	run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;
