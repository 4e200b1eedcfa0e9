import { SafeDiskError } from '../../shared/errors.ts';
import { log } from '../log.ts';
import { SAFEDISK_VERSION } from '../version.ts';
import { type CliCommand, type CliIo, EXIT_PROBLEM, EXIT_USAGE } from './cli-command.ts';
import { diskCommand } from './disk.ts';
import { doctorCommand } from './doctor.ts';
import { installCommand } from './install.ts';
import { locksCommand } from './locks.ts';
import { scanCommand } from './scan.ts';
import { startCommand } from './start.ts';
import { uninstallCommand } from './uninstall.ts';

const COMMANDS: CliCommand[] = [
	startCommand,
	scanCommand,
	locksCommand,
	diskCommand,
	installCommand,
	uninstallCommand,
	doctorCommand,
];

function helpText(): string {
	const width = Math.max(...COMMANDS.map((command) => command.name.length));
	const rows = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
	return [
		`safedisk ${SAFEDISK_VERSION}: find what fills the disk, keep file locks safe when it fills.`,
		'',
		'Usage: safedisk <command> [options]',
		'',
		...rows,
		'',
		'Run "safedisk <command> --help" for the options of one command.',
	].join('\n');
}

// The `safedisk` command line. Resolves to the exit code: 0 ok, 1 a problem found, 2 usage error.
export async function runCli(argv: string[], io: CliIo): Promise<number> {
	const [name, ...args] = argv;
	if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
		io.stdout.write(`${helpText()}\n`);
		return name === undefined ? EXIT_USAGE : 0;
	}
	if (name === 'version' || name === '--version') {
		io.stdout.write(`${SAFEDISK_VERSION}\n`);
		return 0;
	}
	const command = COMMANDS.find((candidate) => candidate.name === name);
	if (!command) {
		io.stderr.write(
			`safedisk: unknown command "${name}". Run "safedisk help" for the list. [E_USAGE]\n`,
		);
		return EXIT_USAGE;
	}
	if (args.includes('--help') || args.includes('-h')) {
		io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
		return 0;
	}
	const started = performance.now();
	log('info', 'cli.command', { command: name, args: args.length });
	try {
		const exitCode = await command.run(args, io);
		log('info', 'cli.done', {
			command: name,
			exitCode,
			ms: Math.round(performance.now() - started),
		});
		return exitCode;
	} catch (error) {
		log('debug', 'cli.failed', { command: name, error: String(error) });
		const code = (error as { code?: unknown }).code;
		if ((typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) || code === 'E_USAGE') {
			io.stderr.write(
				`safedisk ${name}: ${(error as Error).message} [E_USAGE]\nUsage: ${command.usage}\n`,
			);
			return EXIT_USAGE;
		}
		if (error instanceof SafeDiskError) {
			io.stderr.write(
				`safedisk ${name}: ${error.message} [${error.code}${error.errno ? ` ${error.errno}` : ''}]\n`,
			);
			return EXIT_PROBLEM;
		}
		io.stderr.write(
			`safedisk ${name}: unexpected failure: ${(error as Error).stack ?? String(error)}\n`,
		);
		return EXIT_PROBLEM;
	}
}
