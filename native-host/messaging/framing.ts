import { endianness } from 'node:os';
import { MAX_REQUEST_BYTES } from '../../shared/protocol.ts';

const LITTLE_ENDIAN = endianness() === 'LE';

// Chrome never sends a host message over 64 MiB; a larger prefix means the stream is garbage and
// cannot be resynchronised.
export const MAX_SKIPPABLE_FRAME_BYTES = 64 * 1024 * 1024;

export type DecodedFrame =
	| { kind: 'message'; text: string }
	| { kind: 'empty' }
	| { kind: 'invalid-utf8' }
	| { kind: 'too-large'; length: number }
	| { kind: 'unrecoverable'; length: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Reads native-messaging frames (4-byte native-endian length, then UTF-8 JSON) from a byte stream:
// many frames per chunk and one frame split across chunks both work. Frames over the accepted size
// are skipped without being buffered.
export class FrameDecoder {
	private buffered: Buffer = Buffer.alloc(0);
	private skipRemaining = 0;
	private broken = false;

	constructor(private readonly maxFrameBytes = MAX_REQUEST_BYTES) {}

	push(chunk: Buffer): DecodedFrame[] {
		if (this.broken) return [];
		const frames: DecodedFrame[] = [];
		let data = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
		for (;;) {
			if (this.skipRemaining > 0) {
				const skipped = Math.min(this.skipRemaining, data.length);
				this.skipRemaining -= skipped;
				data = data.subarray(skipped);
				if (this.skipRemaining > 0) break;
			}
			if (data.length < 4) break;
			const length = LITTLE_ENDIAN ? data.readUInt32LE(0) : data.readUInt32BE(0);
			if (length === 0) {
				frames.push({ kind: 'empty' });
				data = data.subarray(4);
				continue;
			}
			if (length > MAX_SKIPPABLE_FRAME_BYTES) {
				frames.push({ kind: 'unrecoverable', length });
				this.broken = true;
				data = Buffer.alloc(0);
				break;
			}
			if (length > this.maxFrameBytes) {
				frames.push({ kind: 'too-large', length });
				this.skipRemaining = length;
				data = data.subarray(4);
				continue;
			}
			if (data.length < 4 + length) break;
			const body = data.subarray(4, 4 + length);
			data = data.subarray(4 + length);
			try {
				frames.push({ kind: 'message', text: utf8.decode(body) });
			} catch {
				frames.push({ kind: 'invalid-utf8' });
			}
		}
		// Copy the remainder so a small leftover does not pin a large chunk in memory.
		this.buffered = Buffer.from(data);
		return frames;
	}

	// Bytes of a started frame still missing when the stream ends: a truncated frame.
	get pendingBytes(): number {
		return this.buffered.length;
	}
}

export function encodeFrame(message: unknown): Buffer {
	const body = Buffer.from(JSON.stringify(message), 'utf8');
	const frame = Buffer.allocUnsafe(4 + body.length);
	if (LITTLE_ENDIAN) frame.writeUInt32LE(body.length, 0);
	else frame.writeUInt32BE(body.length, 0);
	body.copy(frame, 4);
	return frame;
}
