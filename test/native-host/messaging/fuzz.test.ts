import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SKIPPABLE_FRAME_BYTES } from '../../../native-host/messaging/framing.ts';
import { type ErrorCode, isErrorCode } from '../../../shared/errors.ts';
import { hostMessageSchema, isCommandName, MAX_REQUEST_BYTES } from '../../../shared/protocol.ts';
import { type RequestId, requestIdSchema } from '../../../shared/request-id.ts';
import { frame, type HostFrame, HostProcess } from '../../support/host-process.ts';

// Set SAFEDISK_FUZZ_SEED to replay a run; every failure message names the seed.
const SEED = Number(process.env.SAFEDISK_FUZZ_SEED ?? randomInt(2 ** 31));
// Malformed or adversarial frames sent; plain pings mixed in between keep the session busy.
const HOSTILE_FRAMES = 10_000;

type Outcome = 'result' | ErrorCode;
interface PlannedFrame {
	kind: 'message' | 'empty' | 'too-large';
	body: Buffer;
	// What a reply may be; null when only "a value or a coded error" can be said in advance.
	allowed: Outcome[] | null;
}

class Rng {
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

class Plan {
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

const envelope = (id: unknown, command: unknown, payload?: unknown) =>
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
function generators(plan: Plan, rng: Rng, home: string): Array<[number, () => void]> {
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
				const long = 'x'.repeat(65 + rng.int(100_000));
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

// The host's own rules for which id a reply carries: the salvaged id, else null with a frame code.
function expectedId(planned: PlannedFrame): { id: RequestId | null; nullCode: Outcome } {
	if (planned.kind === 'empty') return { id: null, nullCode: 'E_BAD_FRAME' };
	if (planned.kind === 'too-large') return { id: null, nullCode: 'E_FRAME_TOO_LARGE' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(planned.body));
	} catch {
		return { id: null, nullCode: 'E_BAD_JSON' };
	}
	if (typeof parsed !== 'object' || parsed === null) return { id: null, nullCode: 'E_BAD_MESSAGE' };
	const id = requestIdSchema.safeParse((parsed as { id?: unknown }).id);
	return id.success
		? { id: id.data, nullCode: 'E_BAD_MESSAGE' }
		: { id: null, nullCode: 'E_BAD_MESSAGE' };
}

const outcomeOf = (reply: HostFrame): string =>
	reply.type === 'result' ? 'result' : (reply.error?.code ?? 'no code');
const idKey = (id: RequestId) => `${typeof id}:${String(id)}`;

async function writeInChunks(host: HostProcess, data: Buffer[], rng: Rng): Promise<void> {
	const stdin = host.child.stdin;
	for (const buffer of data) {
		for (let offset = 0; offset < buffer.length; ) {
			const size =
				rng.next() < 0.2
					? 1 + rng.int(8)
					: 1 + rng.int(buffer.length > 1 << 20 ? 1 << 20 : 1 << 16);
			if (!stdin.write(buffer.subarray(offset, offset + size))) {
				const drained = new Promise((resolve) => stdin.once('drain', () => resolve(true)));
				if (!(await Promise.race([drained, host.exited.then(() => false)])))
					throw new Error(`The host exited while being written to: ${host.stderr}`);
			}
			offset += size;
		}
	}
}

let home: string;
beforeAll(async () => {
	home = await mkdtemp(path.join(tmpdir(), 'safedisk-fuzz-'));
});
afterAll(async () => {
	await rm(home, { recursive: true, force: true });
});

describe('the native host under fuzzed input over real pipes', () => {
	it(`answers ${HOSTILE_FRAMES} hostile frames exactly once each and writes nothing but frames`, {
		timeout: 300_000,
	}, async () => {
		console.info(`fuzz seed ${SEED} (replay with SAFEDISK_FUZZ_SEED=${SEED})`);
		const rng = new Rng(SEED);
		const plan = new Plan();
		const table = generators(plan, rng, home);
		const totalWeight = table.reduce((sum, [weight]) => sum + weight, 0);
		while (plan.frames.length - plan.plainPings < HOSTILE_FRAMES) {
			let roll = rng.int(totalWeight);
			for (const [weight, generate] of table) {
				roll -= weight;
				if (roll < 0) {
					generate();
					break;
				}
			}
		}
		for (const length of [8, 24].map((mib) => mib * 1024 * 1024 + rng.int(1024))) {
			plan.skipped(length, frame(Buffer.from(envelope(plan.uniqueId(), 'ping', {}))));
		}
		plan.message(envelope('last', 'ping', {}), ['result']);
		// The stream ends inside a frame: one more coded error, with id null, when the input closes.
		plan.chunks.push(Buffer.from([100, 0, 0, 0, 0x7b]));

		const { SAFEDISK_LOG: _quiet, ...env } = process.env;
		const host = new HostProcess(undefined, { ...env, HOME: home });
		const seed = `seed ${SEED}`;
		await writeInChunks(host, plan.chunks, rng);
		const replies = () => host.frames.filter((reply) => reply.type !== 'event');
		// Replies without a command run are written in input order, so "last" arrives after them;
		// running commands may finish later. Missing replies then show up in the exact count below.
		await host.reply('last', 120_000);
		await host.waitFor(() => replies().length >= plan.frames.length, 60_000).catch(() => undefined);
		expect(host.child.exitCode, `${seed}: the host exited early; ${host.stderr}`).toBeNull();
		const closed = once(host.child, 'close');
		expect(await host.close(), `${seed}: ${host.stderr}`).toBe(0);
		await closed;

		const got = replies();
		expect(got.length, seed).toBe(plan.frames.length + 1);
		expect(host.unframedBytes, seed).toBe(0);
		for (const reply of host.frames) {
			expect(
				hostMessageSchema.safeParse(reply).success,
				`${seed}: ${JSON.stringify(reply).slice(0, 300)}`,
			).toBe(true);
			if (reply.type === 'error') expect(isErrorCode(reply.error?.code), seed).toBe(true);
		}

		// Replies without an id are written as their frames are read, so their order is known.
		const expectedNull: string[] = [];
		const expectedById = new Map<string, { count: number; allowed: Set<string> | null }>();
		for (const planned of plan.frames) {
			const { id, nullCode } = expectedId(planned);
			if (id === null) {
				expectedNull.push(nullCode);
				continue;
			}
			const entry = expectedById.get(idKey(id)) ?? { count: 0, allowed: new Set<string>() };
			entry.count += 1;
			if (planned.allowed === null || entry.allowed === null) entry.allowed = null;
			else for (const outcome of planned.allowed) entry.allowed.add(outcome);
			expectedById.set(idKey(id), entry);
		}
		expectedNull.push('E_BAD_FRAME');
		expect(got.filter((reply) => reply.id === null).map(outcomeOf), seed).toEqual(expectedNull);

		const gotById = new Map<string, string[]>();
		for (const reply of got) {
			if (reply.id === null) continue;
			gotById.set(idKey(reply.id), [...(gotById.get(idKey(reply.id)) ?? []), outcomeOf(reply)]);
		}
		expect([...gotById.keys()].sort(), seed).toEqual([...expectedById.keys()].sort());
		for (const [key, expected] of expectedById) {
			const outcomes = gotById.get(key) ?? [];
			expect(outcomes.length, `${seed}: replies for ${key}`).toBe(expected.count);
			if (expected.allowed === null) continue;
			for (const outcome of outcomes)
				expect([...expected.allowed], `${seed}: ${key}`).toContain(outcome);
		}
		expect(host.stderr, seed).toBe('');
		const bytes = plan.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
		console.info(
			`fuzz seed ${SEED}: ${plan.frames.length} frames (${plan.frames.length - plan.plainPings} hostile), ${bytes} bytes, ${expectedNull.length} replies with id null, ${got.length} replies in all`,
		);
	});

	it('skips a frame of exactly 64 MiB and answers the message after it', {
		timeout: 120_000,
	}, async () => {
		const host = new HostProcess();
		const header = Buffer.alloc(4);
		header.writeUInt32LE(MAX_SKIPPABLE_FRAME_BYTES, 0);
		await writeInChunks(host, [header, Buffer.alloc(MAX_SKIPPABLE_FRAME_BYTES, 0x20)], new Rng(1));
		host.request('after', 'ping');
		expect((await host.reply('after', 60_000)).type).toBe('result');
		expect(host.frames.map((reply) => reply.error?.code ?? reply.type)).toEqual([
			'E_FRAME_TOO_LARGE',
			'result',
		]);
		expect(await host.close()).toBe(0);
	});

	it('closes the connection after one coded error on a length just above 64 MiB', async () => {
		const host = new HostProcess();
		const header = Buffer.alloc(4);
		header.writeUInt32LE(MAX_SKIPPABLE_FRAME_BYTES + 1, 0);
		host.writeRaw(Buffer.concat([header, frame(Buffer.from(envelope('never', 'ping', {})))]));
		expect(await host.exited).toBe(0);
		expect(host.frames).toEqual([
			expect.objectContaining({
				id: null,
				type: 'error',
				error: expect.objectContaining({
					code: 'E_FRAME_TOO_LARGE',
					details: { length: MAX_SKIPPABLE_FRAME_BYTES + 1 },
				}),
			}),
		]);
		expect(host.unframedBytes).toBe(0);
	});
	it('ends quietly, without a crash, when the browser stops reading its replies', async () => {
		const host = new HostProcess();
		host.child.stdout.destroy();
		const requests = Array.from({ length: 50 }, (_, id) =>
			frame(Buffer.from(envelope(id, id % 2 === 0 ? 'disk-status' : 'ping', {}))),
		);
		host.writeRaw(Buffer.concat(requests));
		host.child.stdin.end();
		expect(await host.exited, host.stderr).toBe(0);
		expect(host.stderr).toBe('');
	});
});
