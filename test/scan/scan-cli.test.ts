import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand } from '../../native-host/cli/scan.ts';
import { makeSyntheticUserData } from '../native-host/scan/synthetic-profile.ts';

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
	const code = await scanCommand.run(args, { stdout: stdout.stream, stderr: stderr.stream, env });
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
			[['--user-data-dir', path.join(base, 'nope')], '--user-data-dir'],
			[['--colour'], '--colour'],
		];
		for (const [args, named] of cases) {
			const { code, stderr, stdout } = await run(args);
			expect(code, args.join(' ')).toBe(2);
			expect(stderr).toContain(named);
			expect(stderr).toContain('Usage: safedisk scan');
			expect(stdout).toBe('');
		}
	});
});
