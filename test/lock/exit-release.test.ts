import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from '../support/fixture-process.ts';
import { isEvent } from './contention.ts';

const EXIT_HOLDER = path.join(
	path.dirname(fileURLToPath(import.meta.url)),
	'fixtures',
	'exit-holder.mjs',
);
let folder: string;

beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'safedisk-exit-'));
});

afterAll(() => {
	rmSync(folder, { recursive: true, force: true });
});

function holdAndEnd(mode: string) {
	const resource = path.join(mkdtempSync(path.join(folder, `${mode}-`)), 'resource');
	const holder = startFixture(EXIT_HOLDER, {
		env: { SAFEDISK_FIXTURE: JSON.stringify({ resource, mode }) },
	});
	return { holder, lockDir: `${resource}.lock` };
}

describe('held locks at process exit', () => {
	it('never keep the process alive, and are released when it exits normally', async () => {
		const { holder, lockDir } = holdAndEnd('return');
		await holder.waitFor(isEvent('acquired'));
		expect(await holder.exited).toEqual({ code: 0, signal: null });
		expect(existsSync(lockDir)).toBe(false);
	});

	it('are released on SIGTERM, and the process still dies of SIGTERM', async () => {
		const { holder, lockDir } = holdAndEnd('signal-alone');
		await holder.waitFor(isEvent('acquired'));
		expect(existsSync(lockDir)).toBe(true);
		holder.kill('SIGTERM');
		expect(await holder.exited).toEqual({ code: null, signal: 'SIGTERM' });
		expect(existsSync(lockDir)).toBe(false);
	});

	it('are released on SIGINT while the application handles the signal its own way', async () => {
		const { holder, lockDir } = holdAndEnd('signal-handled');
		await holder.waitFor(isEvent('acquired'));
		holder.kill('SIGINT');
		await holder.waitFor(isEvent('app-handler'));
		// Checked by the application itself, still running, before it decides to exit.
		expect(await holder.waitFor(isEvent('app-exit'))).toMatchObject({ lockDirExists: false });
		expect(await holder.exited).toEqual({ code: 0, signal: null });
		expect(existsSync(lockDir)).toBe(false);
	});
});
