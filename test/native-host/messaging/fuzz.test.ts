import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SKIPPABLE_FRAME_BYTES } from '../../../native-host/messaging/framing.ts';
import { isErrorCode } from '../../../shared/errors.ts';
import { hostMessageSchema } from '../../../shared/protocol.ts';
import { type RequestId, requestIdSchema } from '../../../shared/request-id.ts';
import { frame, type HostFrame, HostProcess } from '../../support/host-process.ts';

// Set SAFEDISK_FUZZ_SEED to replay a run; every failure message names the seed.
const SEED = Number(process.env.SAFEDISK_FUZZ_SEED ?? randomInt(2 ** 31));
// Malformed or adversarial frames sent; plain pings mixed in between keep the session busy.
const HOSTILE_FRAMES = 10_000;

import { envelope, generators, type Outcome, Plan, type PlannedFrame, Rng } from './fuzz-plan.ts';

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
