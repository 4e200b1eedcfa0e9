import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, MAX_HOST_MESSAGE_BYTES } from '../../shared/protocol.ts';
import { HostProcess } from '../support/host-process.ts';

describe('lock-health through the built host over real pipes', () => {
	let dir: string;
	let host: HostProcess;

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'safedisk-pipes-'));
		for (let index = 0; index < 2000; index += 1)
			mkdirSync(path.join(dir, `${'r'.repeat(200)}-${index}.lock`));
		writeFileSync(path.join(dir, 'file'), '');
		host = new HostProcess();
	});

	afterAll(async () => {
		await host.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('streams pages under 1 MB as events, then a summary, with nothing else on stdout', async () => {
		host.request('locks-1', 'lock-health', { dirs: [dir] });
		const reply = await host.reply('locks-1', 60_000);
		expect(reply.type).toBe('result');
		const summary = COMMANDS['lock-health'].reply.parse(reply.value);
		expect(summary.total).toBe(2000);
		const events = host.frames.filter((frame) => frame.id === 'locks-1' && frame.type === 'event');
		expect(events.length).toBeGreaterThan(1);
		let streamed = 0;
		for (const event of events) {
			expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(MAX_HOST_MESSAGE_BYTES);
			streamed += COMMANDS['lock-health'].event.parse(event.event).page.length;
		}
		expect(streamed).toBe(2000);
		expect(host.unframedBytes).toBe(0);
	});

	it('answers a file given as a directory with E_NOT_A_DIRECTORY naming it', async () => {
		host.request('locks-2', 'lock-health', { dirs: [path.join(dir, 'file')] });
		const reply = await host.reply('locks-2');
		expect(reply.error).toMatchObject({ code: 'E_NOT_A_DIRECTORY', path: path.join(dir, 'file') });
	});
});
