import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSession } from '../../native-host/commands/host-command.ts';
import { lockHealth } from '../../native-host/commands/lock-health.ts';
import type { LockReport } from '../../shared/commands/lock-health.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import { COMMANDS, MAX_HOST_MESSAGE_BYTES } from '../../shared/protocol.ts';
import { deadPid } from './support/processes.ts';

const session: HostSession = { origin: 'test', memory: new Map(), cancel: () => false };
const LOCKS = 3000;

function run(dirs: string[] | undefined, signal = new AbortController().signal) {
	const events: Array<{ kind: 'locks'; page: LockReport[] }> = [];
	const reply = lockHealth(dirs === undefined ? {} : { dirs }, {
		signal,
		session,
		emit: (event) => events.push(event),
	});
	return { events, reply };
}

describe('the lock-health host command', () => {
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'safedisk-command-'));
		const many = path.join(dir, 'many');
		mkdirSync(many);
		// Long names and pid files with dead pids: large reports, every one a problem.
		const dead = deadPid();
		for (let index = 0; index < LOCKS; index += 1)
			writeFileSync(path.join(many, `${'w'.repeat(180)}-${index}.pid`), `${dead}\n`);
	});

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('streams thousands of locks in pages that each stay far below the 1 MB message limit', async () => {
		const { events, reply } = run([path.join(dir, 'many')]);
		const summary = await reply;
		expect(events.length).toBeGreaterThan(1);
		let streamed = 0;
		for (const event of events) {
			const frame = { v: 1, id: 'x', type: 'event', event };
			const bytes = Buffer.byteLength(JSON.stringify(frame), 'utf8');
			expect(bytes).toBeLessThan(MAX_HOST_MESSAGE_BYTES / 2);
			COMMANDS['lock-health'].event.parse(event);
			streamed += event.page.length;
		}
		expect(streamed).toBe(LOCKS);
		expect(summary.total).toBe(LOCKS);
		expect(summary.counts['stale-not-stealable']).toBe(LOCKS);
	});

	it('replies with a bounded summary that matches its schema', async () => {
		const summary = await run([path.join(dir, 'many')]).reply;
		COMMANDS['lock-health'].reply.parse(summary);
		expect(summary.problemCount).toBe(LOCKS);
		expect(summary.problems).toHaveLength(100);
		expect(summary.directories[0]?.filesystem?.condition).toBe('ok');
		expect(Buffer.byteLength(JSON.stringify(summary))).toBeLessThan(MAX_HOST_MESSAGE_BYTES / 4);
	});

	it('answers a missing directory with E_PATH_NOT_FOUND naming the path', async () => {
		const missing = path.join(dir, 'missing');
		await expect(run([missing]).reply).rejects.toMatchObject({
			code: 'E_PATH_NOT_FOUND',
			path: missing,
		});
	});

	it('answers a file with E_NOT_A_DIRECTORY naming the path', async () => {
		const file = path.join(dir, 'file');
		writeFileSync(file, '');
		await expect(run([file]).reply).rejects.toMatchObject({
			code: 'E_NOT_A_DIRECTORY',
			path: file,
		});
	});

	it('refuses a relative path from the extension', async () => {
		await expect(run(['relative/dir']).reply).rejects.toMatchObject({ code: 'E_BAD_PAYLOAD' });
	});

	it('validates the payload: only a non-empty list of path strings', () => {
		const request = COMMANDS['lock-health'].request;
		expect(request.safeParse({}).success).toBe(true);
		expect(request.safeParse({ dirs: ['/tmp'] }).success).toBe(true);
		expect(request.safeParse({ dirs: [] }).success).toBe(false);
		expect(request.safeParse({ dirs: '/tmp' }).success).toBe(false);
		expect(request.safeParse({ dirs: ['/tmp'], extra: 1 }).success).toBe(false);
	});

	it('stops with the cancellation error when the request is cancelled', async () => {
		const controller = new AbortController();
		controller.abort(new SafeDiskError('E_CANCELLED', 'cancelled'));
		await expect(run([dir], controller.signal).reply).rejects.toMatchObject({
			code: 'E_CANCELLED',
		});
	});
});
