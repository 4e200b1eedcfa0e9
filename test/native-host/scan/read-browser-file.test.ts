import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBrowserFile, readFileHead } from '../../../native-host/scan/read-browser-file.ts';
import { SCAN_DEFAULTS } from '../../../native-host/scan/scan-defaults.ts';
import type { WalkProblem } from '../../../native-host/scan/walk-totals.ts';

describe('reading a browser file for names and sites', () => {
	let base = '';
	const at = (name: string) => path.join(base, name);

	beforeAll(() => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-read-file-'));
		writeFileSync(at('state'), '{"profile":{}}');
		writeFileSync(at('big'), Buffer.alloc(3 * SCAN_DEFAULTS.readSliceBytes, 0x20));
		symlinkSync(at('state'), at('link'));
		mkdirSync(at('folder'));
		execFileSync('mkfifo', [at('fifo')]);
	});
	afterAll(() => rmSync(base, { recursive: true, force: true }));

	it('reads a regular file up to and including the cap', async () => {
		const read = await readBrowserFile(at('state'), 14);
		expect(read.status).toBe('ok');
		expect(read.status === 'ok' && read.bytes.toString()).toBe('{"profile":{}}');
	});

	it('refuses a file one byte over the cap and notes it as too large', async () => {
		const problems: WalkProblem[] = [];
		const read = await readBrowserFile(at('state'), 13, { problems });
		expect(read).toEqual({ status: 'too-large', code: 'EFBIG', size: 14 });
		expect(problems).toEqual([{ path: at('state'), code: 'EFBIG', kind: 'too-large' }]);
	});

	it('opens no FIFO, symlink or folder, and notes each as not a file', async () => {
		const problems: WalkProblem[] = [];
		for (const name of ['fifo', 'link', 'folder']) {
			expect((await readBrowserFile(at(name), 1024, { problems })).status).toBe('not-a-file');
		}
		expect(problems.map((problem) => [problem.kind, problem.code])).toEqual([
			['not-a-file', 'EFTYPE'],
			['not-a-file', 'EFTYPE'],
			['not-a-file', 'EFTYPE'],
		]);
	});

	it('says "missing" for a file that is not there, without noting a problem', async () => {
		const problems: WalkProblem[] = [];
		expect((await readBrowserFile(at('none'), 1024, { problems })).status).toBe('missing');
		expect(problems).toEqual([]);
	});

	it('refuses a FIFO swapped in after the caller saw a regular file, without blocking', async () => {
		expect(await readFileHead(at('fifo'), 64)).toBeNull();
		expect((await readFileHead(at('state'), 4))?.toString()).toBe('{"pr');
	});

	it('stops with E_CANCELLED when cancelled before or between slices', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(
			readBrowserFile(at('state'), 1024, { signal: controller.signal }),
		).rejects.toMatchObject({ code: 'E_CANCELLED' });
		// A signal that turns aborted after the first slice was read: the lstat, the open and the
		// first slice each look at it once.
		let looks = 0;
		const midway = {
			get aborted() {
				looks += 1;
				return looks > 3;
			},
		} as AbortSignal;
		await expect(
			readBrowserFile(at('big'), 4 * SCAN_DEFAULTS.readSliceBytes, { signal: midway }),
		).rejects.toMatchObject({ code: 'E_CANCELLED' });
		expect(looks).toBe(4);
	});
});
