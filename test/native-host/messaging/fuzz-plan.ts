// The hostile frames of the fuzz test: a seeded generator of malformed and adversarial input
// and what the host may answer to each.
import type { ErrorCode } from '../../../shared/errors.ts';
import { isCommandName, MAX_REQUEST_BYTES } from '../../../shared/protocol.ts';
import type { RequestId } from '../../../shared/request-id.ts';
import { frame } from '../../support/host-process.ts';

export type Outcome = 'result' | ErrorCode;
export interface PlannedFrame {
	kind: 'message' | 'empty' | 'too-large';
	body: Buffer;
	// What a reply may be; null when only "a value or a coded error" can be said in advance.
	allowed: Outcome[] | null;
}

export class Rng {
	private state: number;
	constructor(seed: number) {
		this.state = seed >>> 0;
	}
	next(): number {
		// mulberry32: small, fast and the same on every machine.
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(below: number): number {
		return Math.floor(this.next() * below);
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)] as T;
	}
	bytes(length: number): Buffer {
		const out = Buffer.alloc(length);
		for (let index = 0; index < length; index += 1) out[index] = this.int(256);
		return out;
	}
	text(alphabet: string, length: number): string {
		let out = '';
		for (let index = 0; index < length; index += 1) out += alphabet[this.int(alphabet.length)];
		return out;
	}
}

export class Plan {
	readonly chunks: Buffer[] = [];
	readonly frames: PlannedFrame[] = [];
	plainPings = 0;
	private counter = 0;
	uniqueId(): RequestId {
		this.counter += 1;
		return this.counter % 2 === 0 ? 1_000_000 + this.counter : `f${this.counter}`;
	}
	message(body: string | Buffer, allowed: Outcome[] | null): void {
		const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
		this.chunks.push(frame(bytes));
		const kind =
			bytes.length === 0 ? 'empty' : bytes.length > MAX_REQUEST_BYTES ? 'too-large' : 'message';
		this.frames.push({ kind, body: bytes, allowed });
	}
	// A length prefix whose body the host must skip unread: frames hidden inside stay unanswered.
	skipped(length: number, hidden: Buffer): void {
		const header = Buffer.alloc(4);
		header.writeUInt32LE(length, 0);
		const body = Buffer.alloc(length);
		hidden.copy(body, 0, 0, Math.min(hidden.length, length));
		this.chunks.push(header, body);
		this.frames.push({ kind: 'too-large', body: Buffer.alloc(0), allowed: null });
	}
}

export const envelope = (id: unknown, command: unknown, payload?: unknown) =>
	JSON.stringify(payload === undefined ? { v: 1, id, command } : { v: 1, id, command, payload });
const DEEP = 100_000;
const REUSED: RequestId[] = [
	'dup',
	0,
	'constructor',
	'__proto__',
	'toString',
	Number.MAX_SAFE_INTEGER,
];
const ODD_STRINGS = [
	'\ud800',
	'\udfff',
	'\u{10ffff}',
	'\ufeff',
	'\u2028',
	'\u0000',
	'\u202e',
	'é\u0301',
	'😀',
	'\ufffe',
];
const ODD_COMMANDS = [
	'__proto__',
	'constructor',
	'toString',
	'hasOwnProperty',
	'valueOf',
	'PING',
	'ping ',
	' ping',
	'ping\u0000',
	'pïng',
	'disk_status',
	'cancel\ud800',
	'\u{1f4a5}',
];
const WRONG_VALUES = [
	'"1"',
	'null',
	'[]',
	'{}',
	'true',
	'1.5',
	'-1',
	'2',
	'0',
	'-0',
	'1e999',
	'"NaN"',
];

// Each generator adds one or a few frames; together they cover the kinds of hostile input.
export function generators(plan: Plan, rng: Rng, home: string): Array<[number, () => void]> {
	const ping = (id: RequestId) => envelope(id, 'ping', {});
	return [
		[10, () => plan.message(rng.bytes(1 + rng.int(300)), null)],
		[
			8,
			() => plan.message(rng.text('{}[]",:0123456789.eE+-truefalsn \\u"', 1 + rng.int(200)), null),
		],
		[
			8,
			() => {
				const text = Buffer.from(ping(plan.uniqueId()));
				plan.message(text.subarray(0, 1 + rng.int(text.length - 1)), ['E_BAD_JSON']);
			},
		],
		[
			5,
			() => {
				// A frame cut short whose declared length swallows the start of the next message.
				const first = Buffer.from(ping(plan.uniqueId()));
				const next = frame(Buffer.from(ping(plan.uniqueId())));
				const kept = 1 + rng.int(first.length - 1);
				plan.message(
					Buffer.concat([first.subarray(0, kept), next.subarray(0, first.length - kept)]),
					null,
				);
			},
		],
		[
			10,
			() => {
				const id = JSON.stringify(plan.uniqueId());
				const wrong = rng.pick(WRONG_VALUES);
				const variants: Array<[string, Outcome[]]> = [
					[`{"v":${wrong},"id":${id},"command":"ping"}`, ['E_BAD_MESSAGE', 'E_PROTOCOL_VERSION']],
					[`{"v":1,"id":${wrong},"command":"ping"}`, ['E_BAD_MESSAGE', 'result', 'E_DUPLICATE_ID']],
					[`{"v":1,"id":${id},"command":${wrong}}`, ['E_BAD_MESSAGE', 'E_UNKNOWN_COMMAND']],
					[`{"v":1,"id":${id},"command":"ping","payload":${wrong}}`, ['E_BAD_PAYLOAD', 'result']],
					[
						`{"v":1,"id":${id},"command":"cancel","payload":{"id":${wrong}}}`,
						['E_BAD_PAYLOAD', 'result'],
					],
					[
						`{"v":1,"id":${id},"command":"disk-status","payload":{"path":${wrong}}}`,
						['E_BAD_PAYLOAD'],
					],
					[`{"v":1,"id":${id},"command":"ping","extra":${wrong}}`, ['E_BAD_MESSAGE']],
					[`{"v":1,"id":${id}}`, ['E_BAD_MESSAGE']],
					[wrong, ['E_BAD_MESSAGE']],
				];
				const [body, allowed] = rng.pick(variants);
				plan.message(body, allowed);
			},
		],
		[
			8,
			() => {
				let name = rng.pick(ODD_COMMANDS);
				if (rng.next() < 0.5)
					name = rng.text('abcdefghijklmnopqrstuvwxyz-_.\u00e9\ud83d\ude00', 1 + rng.int(60));
				plan.message(
					envelope(plan.uniqueId(), name),
					isCommandName(name) ? null : ['E_UNKNOWN_COMMAND'],
				);
			},
		],
		[
			12,
			() => {
				plan.plainPings += 1;
				plan.message(ping(plan.uniqueId()), ['result']);
			},
		],
		[6, () => plan.message(ping(`${rng.pick(ODD_STRINGS)}${plan.uniqueId()}`), ['result'])],
		[
			8,
			() => {
				const id = rng.pick(REUSED);
				const count = 1 + rng.int(4);
				for (let n = 0; n < count; n += 1) plan.message(ping(id), ['result', 'E_DUPLICATE_ID']);
			},
		],
		[
			1,
			() =>
				plan.message(envelope(rng.pick(REUSED), 'disk-status', {}), [
					'result',
					'E_DUPLICATE_ID',
					'E_CANCELLED',
				]),
		],
		[
			3,
			() => plan.message(envelope(plan.uniqueId(), 'cancel', { id: rng.pick(REUSED) }), ['result']),
		],
		[
			1,
			() => {
				const [payload, allowed] = rng.pick<[unknown, Outcome[] | null]>([
					[{ path: home }, ['result']],
					[{ path: '~' }, ['result']],
					[{ path: 'relative/dir' }, ['E_BAD_PAYLOAD']],
					[{ path: '/nonexistent/safedisk/fuzz' }, ['E_PATH_NOT_FOUND']],
					[{ path: `/${'\u0000'}` }, ['E_BAD_PAYLOAD']],
					[{ path: `${home}/\ud800` }, null],
				]);
				plan.message(envelope(plan.uniqueId(), 'disk-status', payload), allowed);
			},
		],
		[
			6,
			() => {
				const id = JSON.stringify(plan.uniqueId());
				const [body, allowed] = rng.pick<[string, Outcome[]]>([
					[`{"__proto__":{"v":1,"id":${id},"command":"ping"}}`, ['E_BAD_MESSAGE']],
					[`{"v":1,"id":${id},"command":"ping","__proto__":{"polluted":true}}`, ['E_BAD_MESSAGE']],
					[
						`{"v":1,"id":${id},"command":"ping","payload":{"__proto__":{"polluted":true}}}`,
						['E_BAD_PAYLOAD'],
					],
					[
						`{"v":1,"id":${id},"command":"disk-status","payload":{"constructor":{"prototype":{"path":"/"}}}}`,
						['E_BAD_PAYLOAD'],
					],
					[
						`{"v":1,"id":${id},"command":"cancel","payload":{"__proto__":{"id":1}}}`,
						['E_BAD_PAYLOAD'],
					],
					[`{"v":1,"id":${id},"command":"__proto__","payload":{}}`, ['E_UNKNOWN_COMMAND']],
					[`{"constructor":{"prototype":{"v":1}},"id":${id},"command":"ping"}`, ['E_BAD_MESSAGE']],
					[`{"v":1,"id":"dup-key","id":${id},"command":"ping"}`, ['result']],
				]);
				plan.message(body, allowed);
			},
		],
		[
			2,
			() => {
				// Longer than any id (128) and than a file name (255): refused whatever the draw.
				const long = 'x'.repeat(300 + rng.int(100_000));
				const [body, allowed] = rng.pick<[string, Outcome[]]>([
					[envelope(plan.uniqueId(), long), ['E_BAD_MESSAGE']],
					[envelope(`${long}${plan.uniqueId()}`, 'ping'), ['E_BAD_MESSAGE']],
					[envelope(plan.uniqueId(), 'disk-status', { path: `/${long}` }), ['E_BAD_PAYLOAD']],
					[envelope(plan.uniqueId(), 'ping', { note: '\u0000'.repeat(30_000) }), ['E_BAD_PAYLOAD']],
				]);
				plan.message(body, allowed);
			},
		],
		[
			4,
			() => {
				const id = JSON.stringify(plan.uniqueId());
				const [body, allowed] = rng.pick<[string, Outcome[]]>([
					[`{"v":NaN,"id":${id},"command":"ping"}`, ['E_BAD_JSON']],
					[`{"v":Infinity,"id":${id},"command":"ping"}`, ['E_BAD_JSON']],
					[`{"v":1e999,"id":${id},"command":"ping"}`, ['E_BAD_MESSAGE']],
					[`{"v":1,"id":1e999,"command":"ping"}`, ['E_BAD_MESSAGE']],
					[`{"v":1,"id":9007199254740993,"command":"ping"}`, ['E_BAD_MESSAGE']],
					[`{"v":1,"id":1.5,"command":"ping"}`, ['E_BAD_MESSAGE']],
					[`{"v":-0,"id":${id},"command":"ping"}`, ['E_PROTOCOL_VERSION']],
					[`{"v":0.1e1,"id":${id},"command":"ping"}`, ['result']],
					[`{"v":1,"id":${id},"command":"ping","payload":{"n":-0}}`, ['E_BAD_PAYLOAD']],
					[`{"v":1,"id":undefined,"command":"ping"}`, ['E_BAD_JSON']],
				]);
				plan.message(body, allowed);
			},
		],
		[
			1,
			() => {
				const id = JSON.stringify(plan.uniqueId());
				const [body, allowed] = rng.pick<[string, Outcome[]]>([
					[
						`{"v":1,"id":${id},"command":"ping","payload":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`,
						['E_BAD_PAYLOAD'],
					],
					[
						`{"v":1,"id":${'['.repeat(DEEP)}${']'.repeat(DEEP)},"command":"ping"}`,
						['E_BAD_MESSAGE'],
					],
					[`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`, ['E_BAD_MESSAGE']],
					[`{"v":1,"id":${id},"command":"ping","payload":${'['.repeat(DEEP)}}`, ['E_BAD_JSON']],
					[
						`{"v":1,"id":${id},"command":"ping","payload":${'{"a":'.repeat(DEEP / 2)}1${'}'.repeat(DEEP / 2)}}`,
						['E_BAD_PAYLOAD'],
					],
				]);
				plan.message(body, allowed);
			},
		],
		[
			5,
			() => {
				const good = Buffer.from(ping(plan.uniqueId()));
				const cut = 1 + rng.int(good.length - 2);
				const broken = rng.pick([
					Buffer.from([0xc0, 0xaf]),
					Buffer.from([0xed, 0xa0, 0x80]),
					Buffer.from([0xf4, 0x90, 0x80, 0x80]),
					Buffer.from([0xff]),
					Buffer.from([0x80]),
					Buffer.from([0xe2, 0x82]),
				]);
				plan.message(Buffer.concat([good.subarray(0, cut), broken, good.subarray(cut)]), [
					'E_BAD_JSON',
				]);
			},
		],
		[
			2,
			() =>
				plan.message(
					Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ping(plan.uniqueId()))]),
					null,
				),
		],
		[
			2,
			() =>
				plan.message(`{"v":1,"id":${JSON.stringify(plan.uniqueId())},"command":"ping\u0001"}`, [
					'E_BAD_JSON',
				]),
		],
		[3, () => plan.message('', ['E_BAD_FRAME'])],
		[
			2,
			() => {
				const hidden = Buffer.concat(
					Array.from({ length: 5 }, () => frame(Buffer.from(ping(plan.uniqueId())))),
				);
				plan.skipped(MAX_REQUEST_BYTES + 1 + rng.int(512 * 1024), hidden);
			},
		],
	];
}
