import { describe, expect, it } from 'vitest';
import {
	encodeFrame,
	FrameDecoder,
	MAX_SKIPPABLE_FRAME_BYTES,
} from '../../../native-host/messaging/framing.ts';

function header(length: number): Buffer {
	const bytes = Buffer.alloc(4);
	bytes.writeUInt32LE(length, 0);
	return bytes;
}

describe('FrameDecoder', () => {
	it('decodes an encoded frame back to the same JSON', () => {
		const decoder = new FrameDecoder();
		expect(decoder.push(encodeFrame({ a: 'é', b: [1] }))).toEqual([
			{ kind: 'message', text: '{"a":"é","b":[1]}' },
		]);
	});

	it('keeps a frame split at every byte until it is whole', () => {
		const decoder = new FrameDecoder();
		const bytes = encodeFrame({ hello: 'world' });
		const out = [];
		for (const byte of bytes) out.push(...decoder.push(Buffer.from([byte])));
		expect(out).toEqual([{ kind: 'message', text: '{"hello":"world"}' }]);
		expect(decoder.pendingBytes).toBe(0);
	});

	it('skips an oversized frame without buffering it and reads the next one', () => {
		const decoder = new FrameDecoder(16);
		const first = decoder.push(Buffer.concat([header(100), Buffer.alloc(60)]));
		expect(first).toEqual([{ kind: 'too-large', length: 100 }]);
		expect(decoder.pendingBytes).toBe(0);
		expect(decoder.push(Buffer.concat([Buffer.alloc(40), encodeFrame(1)]))).toEqual([
			{ kind: 'message', text: '1' },
		]);
	});

	it('gives up on a length no browser sends and ignores everything after it', () => {
		const decoder = new FrameDecoder();
		expect(decoder.push(header(MAX_SKIPPABLE_FRAME_BYTES + 1))).toEqual([
			{ kind: 'unrecoverable', length: MAX_SKIPPABLE_FRAME_BYTES + 1 },
		]);
		expect(decoder.push(encodeFrame(1))).toEqual([]);
	});

	it('reports zero-length frames and invalid UTF-8 as their own kinds', () => {
		const decoder = new FrameDecoder();
		expect(decoder.push(Buffer.concat([header(0), header(2), Buffer.from([0xc3, 0x28])]))).toEqual([
			{ kind: 'empty' },
			{ kind: 'invalid-utf8' },
		]);
	});

	it('counts the bytes of a frame that never finished', () => {
		const decoder = new FrameDecoder();
		decoder.push(Buffer.concat([header(10), Buffer.from('abc')]));
		expect(decoder.pendingBytes).toBe(7);
	});
});
