import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { locksCommand } from '../../native-host/cli/locks.ts';
import { runCli } from '../../native-host/cli/run-cli.ts';
import {
	checkedDirectorySchema,
	lockProblemSchema,
	lockReportSchema,
} from '../../shared/commands/lock-health.ts';
import { fakeIo } from './support/fake-io.ts';
import { deadPid } from './support/processes.ts';

const jsonDocumentSchema = z
	.object({
		checkedAt: z.string(),
		total: z.number(),
		counts: z.record(z.string(), z.number()),
		problems: z.array(lockProblemSchema),
		directories: z.array(checkedDirectorySchema),
		locks: z.array(lockReportSchema),
	})
	.strict();

describe('safedisk locks', () => {
	let dir: string;
	let healthy: string;
	let troubled: string;

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'safedisk-cli-'));
		healthy = path.join(dir, 'healthy');
		troubled = path.join(dir, 'troubled');
		mkdirSync(path.join(healthy, 'fresh.lock'), { recursive: true });
		mkdirSync(troubled);
		writeFileSync(path.join(troubled, 'worker.pid'), `${deadPid()}\n`);
		writeFileSync(path.join(troubled, 'evil\nrow\u001b[31mred\u0007.lock'), 'not a pid');
	});

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	// A mkdir lock counts as fresh by its mtime: each test sees it just made.
	beforeEach(() => {
		const now = new Date();
		utimesSync(path.join(healthy, 'fresh.lock'), now, now);
	});

	it('exits 0 when every lock is healthy', async () => {
		const { io, stdout } = fakeIo();
		expect(await locksCommand.run([healthy], io)).toBe(0);
		expect(stdout()).toMatch(
			/held-healthy\s+heartbeat-fresh\s+mkdir-mtime\s+-\s+\S+ s\s+fresh\.lock\//,
		);
	});

	it('exits 1 when a lock needs attention', async () => {
		const { io } = fakeIo();
		expect(await locksCommand.run([troubled], io)).toBe(1);
	});

	it('escapes newlines and control characters of lock names in the table', async () => {
		const { io, stdout } = fakeIo();
		await locksCommand.run([troubled], io);
		const text = stdout();
		expect(text).not.toContain('\u001b');
		expect(text).not.toContain('\u0007');
		expect(text).toContain('evil\\nrow\\x1b[31mred\\x07.lock');
		const table = text.split('\n\n')[0]?.split('\n') ?? [];
		// Directory line, filesystem line, header, then exactly one row per lock.
		expect(table).toHaveLength(5);
	});

	it('colours verdicts on a terminal, and never with NO_COLOR or off a terminal', async () => {
		const tty = fakeIo({ isTTY: true, env: {} });
		await locksCommand.run([healthy], tty.io);
		expect(tty.stdout()).toContain('\u001b[32mheld-healthy');
		const noColor = fakeIo({ isTTY: true, env: { NO_COLOR: '1' } });
		await locksCommand.run([healthy], noColor.io);
		expect(noColor.stdout()).not.toContain('\u001b');
		const piped = fakeIo({ isTTY: false, env: {} });
		await locksCommand.run([healthy], piped.io);
		expect(piped.stdout()).not.toContain('\u001b');
	});

	it('prints the documented JSON shape with --json', async () => {
		const { io, stdout } = fakeIo();
		expect(await locksCommand.run([troubled, '--json'], io)).toBe(1);
		const document = jsonDocumentSchema.parse(JSON.parse(stdout()));
		expect(document.total).toBe(2);
		expect(document.locks.map((lock) => lock.verdict).sort()).toEqual([
			'stale-not-stealable',
			'unknown',
		]);
	});

	it('exits 2 on an unknown option', async () => {
		const { io, stderr } = fakeIo();
		expect(await runCli(['locks', '--bogus'], io)).toBe(2);
		expect(stderr()).toContain('Usage: safedisk locks');
	});

	it('exits 1 with the code E_PATH_NOT_FOUND for a missing directory, and E_NOT_A_DIRECTORY for a file', async () => {
		const missing = fakeIo();
		expect(await runCli(['locks', path.join(dir, 'missing')], missing.io)).toBe(1);
		expect(missing.stderr()).toContain('[E_PATH_NOT_FOUND ENOENT]');
		const file = fakeIo();
		expect(await runCli(['locks', path.join(troubled, 'worker.pid')], file.io)).toBe(1);
		expect(file.stderr()).toContain('[E_NOT_A_DIRECTORY ENOTDIR]');
	});
});
