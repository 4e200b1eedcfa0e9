import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_IDS } from '../../native-host/browsers/catalog.ts';
import { runCli } from '../../native-host/cli/run-cli.ts';
import { makeSyntheticUserData } from '../native-host/scan/synthetic-profile.ts';
import { makeRefusedFolders } from './refused-folders.ts';

function capture(isTTY: boolean) {
	const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
	stream.isTTY = isTTY;
	let text = '';
	stream.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	return { stream, text: () => text };
}

async function run(args: string[], { tty = false, env = {} as NodeJS.ProcessEnv } = {}) {
	const stdout = capture(tty);
	const stderr = capture(tty);
	const code = await runCli(['scan', ...args], {
		stdout: stdout.stream,
		stderr: stderr.stream,
		env,
	});
	return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('safedisk scan', () => {
	let base = '';
	let userDataDir = '';
	beforeAll(async () => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-scan-cli-'));
		({ userDataDir } = await makeSyntheticUserData(base));
	});
	afterAll(() => rmSync(base, { recursive: true, force: true }));

	it('prints an aligned table of the biggest items and the totals per risk', async () => {
		const { code, stdout, stderr } = await run(['--user-data-dir', userDataDir, '--top', '5']);
		expect(code).toBe(0);
		expect(stderr).toBe('');
		const lines = stdout.split('\n');
		expect(lines[0]).toMatch(/^ *# +Size +Risk +What +Site +Browser \/ profile$/);
		const rows = lines.slice(1, 6);
		expect(rows).toHaveLength(5);
		expect(rows[0]).toMatch(/^ *1 +\d.* medium +On-device AI model/);
		// The size column ends at the same place on every line.
		const sizeEnd = (line: string) => line.indexOf('B ') + 1;
		expect(new Set(rows.map(sizeEnd)).size).toBe(1);
		expect(stdout).toMatch(/low .* reclaimable of /);
		expect(stdout).not.toContain('\x1b[');
	});

	it('colours risks on a terminal unless NO_COLOR is set', async () => {
		expect((await run(['--user-data-dir', userDataDir], { tty: true })).stdout).toContain(
			'\x1b[31m',
		);
		const plain = await run(['--user-data-dir', userDataDir], {
			tty: true,
			env: { NO_COLOR: '1' },
		});
		expect(plain.stdout).not.toContain('\x1b[');
	});

	it('shows progress on a terminal stderr only, never on stdout', async () => {
		const { stdout, stderr } = await run(['--user-data-dir', userDataDir, '--json'], { tty: true });
		expect(stderr).toContain('Scanning');
		expect(() => JSON.parse(stdout)).not.toThrow();
	});

	it('writes JSON with the summary and all items when asked for --top 0 --json', async () => {
		const { code, stdout } = await run(['--user-data-dir', userDataDir, '--json', '--top', '0']);
		expect(code).toBe(0);
		const parsed = JSON.parse(stdout);
		expect(parsed.items).toHaveLength(parsed.summary.itemCount);
		expect(parsed.items[0].category).toBe('on-device-model');
	});

	it('exits 2 with a message naming the bad argument', async () => {
		const cases: [string[], string][] = [
			[['--top', 'many'], '--top'],
			[['--browser', 'netscape'], '--browser'],
			[['--colour'], '--colour'],
		];
		for (const [args, named] of cases) {
			const { code, stderr, stdout } = await run(args);
			expect(code, args.join(' ')).toBe(2);
			expect(stderr).toContain(named);
			expect(stderr).toContain('[E_USAGE]');
			expect(stderr).toContain('safedisk scan --help');
			expect(stdout).toBe('');
		}
	});

	it('refuses the folders the host command refuses, with exit 1 naming each and its code', async () => {
		const refusals = makeRefusedFolders(base);
		for (const [dir, refusal] of refusals) {
			const { code, stderr, stdout } = await run(['--user-data-dir', dir]);
			expect(code, dir).toBe(1);
			expect(stderr).toContain(dir);
			expect(stderr).toContain(`[${refusal}`);
			expect(stdout).toBe('');
		}
	});

	it('scans a folder named twice (with a slash, through a symlink) once', async () => {
		const link = path.join(base, 'same-folder');
		symlinkSync(userDataDir, link);
		const once = JSON.parse((await run(['--user-data-dir', userDataDir, '--json'])).stdout);
		const named = ['--user-data-dir', userDataDir, '--user-data-dir', `${userDataDir}/`];
		const twice = await run([...named, '--user-data-dir', link, '--json']);
		expect(twice.code).toBe(0);
		expect(JSON.parse(twice.stdout).summary.allocatedBytes).toBe(once.summary.allocatedBytes);
	});

	it("answers a negative or missing --top with SafeDisk's own message naming what it takes", async () => {
		for (const args of [['--top', '-1'], ['--top'], ['--top', '--json'], ['--top=-1']]) {
			const { code, stderr } = await run(args);
			expect(code, args.join(' ')).toBe(2);
			expect(stderr).toContain('--top');
			expect(stderr).toContain('0 for all');
			expect(stderr).not.toContain('ambiguous');
			expect(stderr).not.toContain('XYZ');
		}
	});

	it('lists the browser names and the --top default in --help', async () => {
		const stdout = capture(false);
		const stderr = capture(false);
		const code = await runCli(['scan', '--help'], {
			stdout: stdout.stream,
			stderr: stderr.stream,
			env: {},
		});
		expect(code).toBe(0);
		for (const id of BROWSER_IDS) expect(stdout.text()).toContain(id);
		expect(stdout.text()).toMatch(/--top N .*default: 20/);
	});

	describe('with names a stranger chose', () => {
		const evilProfile = 'Bob\n\x1b]0;PWNED\x07\x1b[2J';
		const evilFolder = 'Evil\x1b[31m\rrow\x9b2J';
		let evilDir = '';

		beforeAll(() => {
			evilDir = path.join(base, 'title\x1b]0;T\x07');
			mkdirSync(path.join(evilDir, 'Default'), { recursive: true });
			writeFileSync(
				path.join(evilDir, 'Local State'),
				JSON.stringify({ profile: { info_cache: { Default: { name: evilProfile } } } }),
			);
			writeFileSync(path.join(evilDir, 'Default', 'Preferences'), '{}');
			mkdirSync(path.join(evilDir, 'Default', evilFolder));
			writeFileSync(path.join(evilDir, 'Default', evilFolder, 'blob'), Buffer.alloc(20_000));
		});

		// Only line breaks and, on a colour terminal, the risk colours reach the terminal.
		const controls = (text: string) => {
			let rest = text;
			for (const colour of ['\x1b[31m', '\x1b[32m', '\x1b[33m', '\x1b[0m'])
				rest = rest.split(colour).join('');
			return [...rest].filter((char) => {
				const code = char.codePointAt(0) ?? 0;
				return char !== '\n' && (code < 0x20 || (code >= 0x7f && code <= 0x9f));
			});
		};

		it('prints them escaped in the table, on a terminal or a pipe, with or without colour', async () => {
			const json = await run(['--user-data-dir', evilDir, '--json', '--top', '0']);
			const itemCount = JSON.parse(json.stdout).items.length;
			const variants = [{ tty: false }, { tty: true }, { tty: true, env: { NO_COLOR: '1' } }];
			for (const variant of variants) {
				const { code, stdout } = await run(['--user-data-dir', evilDir, '--top', '0'], variant);
				expect(code).toBe(0);
				expect(controls(stdout)).toEqual([]);
				expect(stdout).toContain('Bob\\n\\x1b]0;PWNED');
				expect(stdout).toContain('Evil\\x1b[31m\\rrow\\x9b2J');
				expect(stdout).toContain('title\\x1b]0;T\\x07');
				// One line per item between the header and the blank line.
				const lines = stdout.split('\n');
				const blank = lines.indexOf('');
				expect(blank - 1).toBe(itemCount);
			}
		});

		it('shows the folder, not "custom", on the progress line, escaped', async () => {
			const { stderr } = await run(['--user-data-dir', evilDir], { tty: true });
			expect(stderr).toContain('Scanning title\\x1b]0;T\\x07');
			expect(stderr).not.toContain('custom');
			expect(stderr).not.toContain('\x07');
		});
	});

	it('says "1 item" and "1 file" for one', async () => {
		const single = path.join(base, 'single');
		mkdirSync(path.join(single, 'GrShaderCache'), { recursive: true });
		writeFileSync(path.join(single, 'GrShaderCache', 'data_1'), Buffer.alloc(5000));
		const { stdout } = await run(['--user-data-dir', single]);
		expect(stdout).toContain(' in 1 item, 1 file.');
		expect(stdout).toContain('(0 profiles)');
	});

	it('tells apart the rows of two user-data folders, home shown as ~', async () => {
		const other = path.join(base, 'second', 'chromium');
		mkdirSync(path.join(other, 'GrShaderCache'), { recursive: true });
		writeFileSync(path.join(other, 'GrShaderCache', 'data_1'), Buffer.alloc(5000));
		const { stdout } = await run(['--user-data-dir', userDataDir, '--user-data-dir', other], {
			env: { HOME: base },
		});
		const [header, ...rows] = stdout.split('\n');
		expect(header).toMatch(/Browser \/ profile +Folder$/);
		const table = rows.slice(0, rows.indexOf(''));
		const shaders = table.filter((row) => row.includes('Shader cache'));
		expect(shaders).toHaveLength(2);
		expect(shaders.some((row) => row.endsWith('~/config/chromium'))).toBe(true);
		expect(shaders.some((row) => row.endsWith('~/second/chromium'))).toBe(true);
	});
});
