import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ScanProgress } from '../../shared/commands/scan.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import { formatBytes, formatCount } from '../../shared/format.ts';
import { BROWSER_IDS } from '../browsers/catalog.ts';
import { isBrowserId, resolveInstalls } from '../scan/resolve-installs.ts';
import { runScan } from '../scan/scan-run.ts';
import { summarizeScan, toWireItem } from '../scan/scan-summary.ts';
import { renderScanReport } from '../scan/scan-table.ts';
import { type CliCommand, type CliIo, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './cli-command.ts';

const DEFAULT_TOP = 20;

function usageError(message: string): SafeDiskError {
	return new SafeDiskError('E_USAGE', message);
}

function parseTop(value: string | undefined): number {
	if (value === undefined) return DEFAULT_TOP;
	if (!/^\d+$/.test(value)) {
		throw usageError(`--top needs a whole number of items (0 for all), not "${value}".`);
	}
	return Number(value);
}

async function checkFolders(dirs: readonly string[]): Promise<string[]> {
	const resolved: string[] = [];
	for (const dir of dirs) {
		const full = path.resolve(dir);
		const isFolder = await stat(full).then(
			(info) => info.isDirectory(),
			() => false,
		);
		if (!isFolder) throw usageError(`--user-data-dir "${dir}" is not a folder.`);
		resolved.push(full);
	}
	return resolved;
}

// One status line on the terminal, rewritten in place; nothing when stderr is not a terminal.
function progressLine(io: CliIo): { update(progress: ScanProgress): void; clear(): void } {
	if (!io.stderr.isTTY) return { update() {}, clear() {} };
	let shown = false;
	return {
		update(progress) {
			const where = [progress.browser, progress.profile].filter(Boolean).join(' ');
			io.stderr.write(
				`\r\x1b[KScanning ${where}: ${formatCount(progress.entries)} entries, ${formatBytes(progress.allocatedBytes)}`,
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
		if (!isBrowserId(name)) {
			throw usageError(`--browser "${name}" is not one of: ${BROWSER_IDS.join(', ')}.`);
		}
	}
	const top = parseTop(values.top);
	const userDataDirs = await checkFolders(values['user-data-dir'] ?? []);
	return { top, userDataDirs, values };
}

export const scanCommand: CliCommand = {
	name: 'scan',
	summary: 'Rank what Chrome, Chromium and Edge keep on disk, biggest culprit first',
	usage: 'safedisk scan [--browser NAME] [--user-data-dir DIR] [--top N] [--json]',
	async run(args, io) {
		let options: ScanOptions;
		try {
			options = await parseScanArgs(args);
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			if (code !== 'E_USAGE' && !(typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
				throw error;
			}
			io.stderr.write(`safedisk scan: ${(error as Error).message}\nUsage: ${scanCommand.usage}\n`);
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
			const colour = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
			io.stdout.write(renderScanReport(shown, summary, { colour }));
		}
		if (result.installs.length === 0) {
			io.stderr.write('safedisk scan: no Chrome, Chromium or Edge user-data folder was found.\n');
			return EXIT_PROBLEM;
		}
		return EXIT_OK;
	},
};
