import { statfs } from 'node:fs/promises';
import { homedir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { expectBetween, freeFigures } from '../../support/free-space.ts';
import { frame, HostProcess } from '../../support/host-process.ts';

let host: HostProcess | undefined;
afterEach(async () => {
	if (host && host.child.exitCode === null) {
		host.child.kill('SIGKILL');
		await host.exited;
	}
	host = undefined;
});

function start(origin?: string): HostProcess {
	host = new HostProcess(origin);
	return host;
}

describe('the native host over real pipes', () => {
	it('answers ping with its version, Node version and platform', async () => {
		const h = start();
		h.request(1, 'ping');
		const reply = await h.reply(1);
		expect(reply.type).toBe('result');
		expect(reply.value).toMatchObject({
			protocolVersion: 1,
			nodeVersion: process.version,
			platform: process.platform,
		});
		expect(await h.close()).toBe(0);
		expect(h.unframedBytes).toBe(0);
	});

	it('reports disk figures that match statfs of the same folder', async () => {
		const h = start();
		const before = await freeFigures(homedir());
		h.request('d', 'disk-status', { path: homedir() });
		const reply = await h.reply('d');
		const after = await freeFigures(homedir());
		const figures = await statfs(homedir());
		const value = reply.value as {
			freeBytes: number;
			freeInodes: number;
			totalBytes: number;
			totalInodes: number;
		};
		expect(value.totalBytes).toBe(figures.blocks * figures.bsize);
		expect(value.totalInodes).toBe(figures.files);
		expectBetween({ bytes: value.freeBytes, inodes: value.freeInodes }, before, after);
	});

	it('refuses an extension it was not installed for', async () => {
		const h = start(`chrome-extension://${'a'.repeat(32)}/`);
		expect(await h.exited).toBe(1);
		expect(h.frames[0]?.error?.code).toBe('E_ORIGIN_REFUSED');
	});

	it('answers each kind of malformed input with a coded error and stays up', async () => {
		const h = start();
		const cases: Array<[Buffer, string]> = [
			[Buffer.alloc(4), 'E_BAD_FRAME'],
			[frame(Buffer.from([0xff, 0xfe, 0x7b])), 'E_BAD_JSON'],
			[frame(Buffer.from('{"v":1,')), 'E_BAD_JSON'],
			[frame(Buffer.from('[1,2,3]')), 'E_BAD_MESSAGE'],
			[frame(Buffer.from('"text"')), 'E_BAD_MESSAGE'],
			[frame(Buffer.from('{"v":1,"command":"ping"}')), 'E_BAD_MESSAGE'],
			[frame(Buffer.from('{"v":1,"id":7,"command":"format-disk"}')), 'E_UNKNOWN_COMMAND'],
			[
				frame(Buffer.from('{"v":1,"id":8,"command":"disk-status","payload":{"path":42}}')),
				'E_BAD_PAYLOAD',
			],
			[frame(Buffer.from('{"v":99,"id":9,"command":"ping"}')), 'E_PROTOCOL_VERSION'],
			[frame(Buffer.alloc(300 * 1024, 0x20)), 'E_FRAME_TOO_LARGE'],
		];
		for (const [bytes, code] of cases) {
			const before = h.frames.length;
			h.writeRaw(bytes);
			await h.waitFor((frames) => frames.length > before);
			expect(h.frames.at(-1)?.error?.code, `input ${bytes.subarray(0, 40).toString('hex')}`).toBe(
				code,
			);
		}
		h.request('after', 'ping');
		expect((await h.reply('after')).type).toBe('result');
		expect(h.unframedBytes).toBe(0);
	});

	it('keeps the id of a message whose command is unknown or whose payload is wrong', async () => {
		const h = start();
		h.request('x', 'nope');
		expect((await h.reply('x')).error?.code).toBe('E_UNKNOWN_COMMAND');
		h.request('y', 'ping', { extra: true });
		expect((await h.reply('y')).error?.code).toBe('E_BAD_PAYLOAD');
	});

	it('reports a frame cut short when the input ends inside it', async () => {
		const h = start();
		const header = Buffer.alloc(4);
		header.writeUInt32LE(1000, 0);
		h.writeRaw(Buffer.concat([header, Buffer.from('{"v":1')]));
		const code = await h.close();
		expect(code).toBe(0);
		expect(h.frames.at(-1)?.error?.code).toBe('E_BAD_FRAME');
	});

	it('closes the connection on an impossible length prefix, after saying why', async () => {
		const h = start();
		h.writeRaw(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7b]));
		await h.waitFor((frames) => frames.length > 0);
		expect(h.frames[0]?.error?.code).toBe('E_FRAME_TOO_LARGE');
		expect(await h.exited).toBe(0);
	});

	it('reads many messages in one write and one message split across writes', async () => {
		const h = start();
		const many = Buffer.concat(
			[1, 2, 3].map((id) => frame(Buffer.from(JSON.stringify({ v: 1, id, command: 'ping' })))),
		);
		h.writeRaw(many);
		const split = frame(Buffer.from(JSON.stringify({ v: 1, id: 4, command: 'ping' })));
		for (const byte of split) h.writeRaw(Buffer.from([byte]));
		await h.waitFor((frames) => frames.filter((f) => f.type === 'result').length === 4);
	});

	it('answers a flood of 10,000 small messages, each once, and writes nothing but frames', async () => {
		const h = start();
		const count = 10_000;
		const batch: Buffer[] = [];
		for (let id = 0; id < count; id += 1) {
			batch.push(
				frame(Buffer.from(JSON.stringify({ v: 1, id, command: id % 10 === 0 ? 'bogus' : 'ping' }))),
			);
		}
		h.writeRaw(Buffer.concat(batch));
		await h.waitFor((frames) => frames.length >= count, 60_000);
		const ids = new Set(h.frames.map((f) => f.id));
		expect(ids.size).toBe(count);
		expect(h.frames.filter((f) => f.error?.code === 'E_UNKNOWN_COMMAND')).toHaveLength(count / 10);
		expect(await h.close()).toBe(0);
		expect(h.unframedBytes).toBe(0);
	});

	it('refuses a request id that is still running', async () => {
		const h = start();
		// Two frames in one write: the second arrives while the first disk-status is in flight.
		const body = (id: string) =>
			frame(Buffer.from(JSON.stringify({ v: 1, id, command: 'disk-status', payload: {} })));
		h.writeRaw(Buffer.concat([body('same'), body('same')]));
		await h.waitFor((frames) => frames.filter((f) => f.id === 'same').length === 2);
		const codes = h.frames.filter((f) => f.id === 'same').map((f) => f.error?.code ?? f.type);
		expect(codes.sort()).toEqual(['E_DUPLICATE_ID', 'result']);
	});
});
