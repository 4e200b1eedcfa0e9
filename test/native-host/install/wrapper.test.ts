import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	cmdQuote,
	parseWrapper,
	wrapperFileName,
	wrapperScript,
} from '../../../native-host/install/wrapper.ts';
import { SafeDiskError } from '../../../shared/errors.ts';

describe('the Windows .cmd wrapper', () => {
	it('is a .cmd file that quotes paths with spaces and passes every argument on', () => {
		expect(wrapperFileName('win32')).toBe('safedisk-host.cmd');
		const script = wrapperScript(
			'win32',
			'C:\\Program Files\\nodejs\\node.exe',
			'D:\\My Tools & Co\\safedisk\\main.js',
		);
		expect(script.split('\r\n')).toEqual([
			'@echo off',
			'setlocal DisableDelayedExpansion',
			'"C:\\Program Files\\nodejs\\node.exe" "D:\\My Tools & Co\\safedisk\\main.js" %*',
			'',
		]);
	});

	it('doubles a percent sign so cmd.exe does not expand it as a variable', () => {
		expect(cmdQuote('C:\\100% sure\\node.exe')).toBe('"C:\\100%% sure\\node.exe"');
		const script = wrapperScript('win32', 'C:\\%PATH%\\node.exe', 'C:\\a!b\\main.js');
		expect(parseWrapper(script)).toEqual({
			nodePath: 'C:\\%PATH%\\node.exe',
			entryPath: 'C:\\a!b\\main.js',
		});
	});

	it('refuses a path that cmd.exe cannot quote', () => {
		const codeOf = (value: string) => {
			try {
				cmdQuote(value);
				return 'accepted';
			} catch (error) {
				return error instanceof SafeDiskError ? error.code : String(error);
			}
		};
		expect(codeOf('C:\\a"b')).toBe('E_INSTALL_FAILED');
		expect(codeOf('C:\\line\r\nbreak')).toBe('E_INSTALL_FAILED');
	});
});

describe('the POSIX wrapper', () => {
	const dirs: string[] = [];
	afterAll(async () => {
		for (const dir of dirs) await rm(dir, { recursive: true, force: true });
	});

	it('reads back the paths it was written with, quotes included', () => {
		const nodePath = "/opt/it's here/node";
		const entryPath = '/home/ana/my "safe" disk/main.js';
		const script = wrapperScript('linux', nodePath, entryPath);
		expect(script.startsWith('#!/bin/sh\n')).toBe(true);
		expect(parseWrapper(script)).toEqual({ nodePath, entryPath });
		expect(parseWrapper('#!/bin/sh\nexec node main.js\n')).toBeNull();
	});

	it.skipIf(process.platform === 'win32')(
		'starts Node by absolute path with the arguments intact, spaces and quotes in paths',
		async () => {
			const dir = await mkdtemp(path.join(tmpdir(), "safedisk wrapper's "));
			dirs.push(dir);
			const binDir = path.join(dir, 'node dir $HOME');
			await mkdir(binDir);
			const nodePath = path.join(binDir, 'node');
			await symlink(process.execPath, nodePath);
			const entryPath = path.join(dir, "entry 'one'.mjs");
			const out = path.join(dir, 'argv.json');
			await writeFile(
				entryPath,
				`import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`,
			);
			const wrapperPath = path.join(dir, wrapperFileName('linux'));
			await writeFile(wrapperPath, wrapperScript('linux', nodePath, entryPath), { mode: 0o755 });
			const args = ['chrome-extension://abc/', '--parent-window=0', 'two words', '$HOME', "'"];
			// A desktop-started browser has a minimal PATH: the wrapper must not need it.
			const run = spawnSync(wrapperPath, args, { env: { PATH: '/nonexistent' } });
			expect(run.status, run.stderr.toString()).toBe(0);
			expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(args);
		},
	);
});
