import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import type { ScanProgress } from '../../shared/commands/scan.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import { formatBytes } from '../../shared/format.ts';
import { BROWSER_IDS } from '../browsers/catalog.ts';
import { isBrowserId, resolveInstalls } from '../scan/resolve-installs.ts';
import { runScan } from '../scan/scan-run.ts';
import { summarizeScan, toWireItem } from '../scan/scan-summary.ts';
import { counted, renderScanReport } from '../scan/scan-table.ts';
import { checkUserDataFolders } from '../scan/user-data-folder.ts';
import { type CliCommand, type CliIo, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './cli-command.ts';
import { escapeForTerminal, paletteFor } from './terminal-text.ts';

const DEFAULT_TOP = 20;

// What each option accepts, for --help and for the message when a value is wrong.
const ACCEPTS = {
	browser: `one of ${BROWSER_IDS.join(', ')}`,
	'user-data-dir': 'a user-data folder to scan instead of the known ones; may be repeated',
	top: `a whole number of items to list, 0 for all (default: ${DEFAULT_TOP})`,
} as const;
type ValueOption = keyof typeof ACCEPTS;

// The browser names, a few to a line under the option.
const BROWSER_LINES = Array.from({ length: Math.ceil(BROWSER_IDS.length / 5) }, (_, line) =>
	BROWSER_IDS.slice(line * 5, line * 5 + 5).join(', '),
).map((names, line, all) => `                        ${names}${line < all.length - 1 ? ',' : ''}`);

const USAGE = [
	'safedisk scan [--browser NAME] [--user-data-dir DIR] [--top N] [--json]',
	'',
	'Options:',
	'  --browser NAME        scan only this browser; repeat it for several (default: all);',
	'                        NAME is one of:',
	...BROWSER_LINES,
	`  --user-data-dir DIR   ${ACCEPTS['user-data-dir']}`,
	`  --top N               ${ACCEPTS.top}`,
	'  --json                the summary and the items as JSON',
].join('\n');

function usageError(message: string): SafeDiskError {
	return new SafeDiskError('E_USAGE', message);
}

function parseTop(value: string | undefined): number {
	if (value === undefined) return DEFAULT_TOP;
	if (!/^\d+$/.test(value)) throw usageError(`--top takes ${ACCEPTS.top}, not "${value}".`);
	return Number(value);
}

// Node's parser refuses an option value that starts with a dash ("--top -1") with a message about
// "--top=-XYZ"; SafeDisk says what the option accepts instead.
function refuseDashValues(args: readonly string[]): void {
	args.forEach((arg, index) => {
		const name = arg.slice(2) as ValueOption;
		if (!arg.startsWith('--') || !Object.hasOwn(ACCEPTS, name)) return;
		const value = args[index + 1];
		if (value === undefined) throw usageError(`--${name} needs a value: ${ACCEPTS[name]}.`);
		if (value.startsWith('-')) {
			const hint = name === 'user-data-dir' ? ` (write --${name}=${value} for such a name)` : '';
			throw usageError(`--${name} takes ${ACCEPTS[name]}, not "${value}"${hint}.`);
		}
	});
}

// One status line on the terminal, rewritten in place; nothing when stderr is not a terminal.
function progressLine(io: CliIo): { update(progress: ScanProgress): void; clear(): void } {
	if (!io.stderr.isTTY) return { update() {}, clear() {} };
	let shown = false;
	return {
		update(progress) {
			const source = progress.browser === 'custom' ? progress.folder : progress.browser;
			const where = escapeForTerminal([source, progress.profile].filter(Boolean).join(' '));
			io.stderr.write(
				`\r\x1b[KScanning ${where}: ${counted(progress.entries, 'entry', 'entries')}, ${formatBytes(progress.allocatedBytes)}`,
			);
			shown = true;
		},
		clear() {
			if (shown) io.stderr.write('\r\x1b[K');
		},
	};
}

interface ScanOptions {
	top: number;
	userDataDirs: string[];
	values: { browser?: string[] | undefined; json?: boolean | undefined };
}

async function parseScanArgs(args: string[]): Promise<ScanOptions> {
	refuseDashValues(args);
	const { values } = parseArgs({
		args,
		options: {
			browser: { type: 'string', multiple: true },
			'user-data-dir': { type: 'string', multiple: true },
			top: { type: 'string' },
			json: { type: 'boolean' },
		},
		strict: true,
		allowPositionals: false,
	});
	for (const name of values.browser ?? []) {
		if (!isBrowserId(name)) throw usageError(`--browser takes ${ACCEPTS.browser}, not "${name}".`);
	}
	const top = parseTop(values.top);
	// Checked as the host command checks them: a missing folder is E_PATH_NOT_FOUND, not a usage error.
	const userDataDirs = await checkUserDataFolders(values['user-data-dir'] ?? []);
	return { top, userDataDirs, values };
}

export const scanCommand: CliCommand = {
	name: 'scan',
	summary: 'Rank what Chrome, Chromium and Edge keep on disk, biggest culprit first',
	usage: USAGE,
	async run(args, io) {
		let options: ScanOptions;
		try {
			options = await parseScanArgs(args);
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			if (code !== 'E_USAGE' && !(typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
				throw error;
			}
			const message = escapeForTerminal((error as Error).message);
			io.stderr.write(
				`safedisk scan: ${message} [E_USAGE]\nRun "safedisk scan --help" for the options.\n`,
			);
			return EXIT_USAGE;
		}
		const { top, userDataDirs, values } = options;
		const installs = resolveInstalls({ browsers: values.browser, userDataDirs });
		const controller = new AbortController();
		const interrupt = () => controller.abort();
		process.once('SIGINT', interrupt);
		const progress = progressLine(io);
		let result: Awaited<ReturnType<typeof runScan>>;
		try {
			result = await runScan({ installs, signal: controller.signal, onProgress: progress.update });
		} finally {
			process.off('SIGINT', interrupt);
			progress.clear();
		}
		const summary = summarizeScan(result, 0);
		const shown = (top === 0 ? result.items : result.items.slice(0, top)).map(toWireItem);
		if (values.json) io.stdout.write(`${JSON.stringify({ summary, items: shown }, null, 2)}\n`);
		else {
			const palette = paletteFor(io.stdout.isTTY, io.env);
			const home = io.env.HOME ?? homedir();
			io.stdout.write(renderScanReport(shown, summary, { palette, home }));
		}
		if (result.installs.length === 0) {
			const wanted = values.browser?.length
				? values.browser.join(', ')
				: 'Chrome, Chromium or Edge';
			io.stderr.write(
				`safedisk scan: no user-data folder of ${wanted} was found; name one with --user-data-dir. [E_BROWSER_NOT_FOUND]\n`,
			);
			return EXIT_PROBLEM;
		}
		return EXIT_OK;
	},
};
