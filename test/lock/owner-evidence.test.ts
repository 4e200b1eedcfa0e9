import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	gatherOwnerEvidence,
	localIdentity,
	type ProbeSystem,
	parseProcStat,
	probeProcess,
} from '../../native-host/lock/owner-evidence.ts';
import { decideTakeover } from '../../native-host/lock/takeover-decision.ts';
import { startFixture } from '../support/fixture-process.ts';
import { itAsRoot } from '../support/root-only.ts';
import { deadPid, plantLock } from './planted-lock.ts';

const JUDGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'judge.mjs');

function errno(code: string): Error {
	return Object.assign(new Error(code), { code });
}

function fakeSystem(signal: () => void, stat: string | Error): ProbeSystem {
	return {
		signal,
		readStat: async () => {
			if (stat instanceof Error) throw stat;
			return stat;
		},
	};
}

const STAT_LINE = (state: string, start: number) =>
	`4242 (a) b) c) ${state} 1 1 1 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 ${start} 0 0`;

describe('owner evidence', () => {
	it('reads state and start time from /proc/<pid>/stat even when the command name holds ") "', () => {
		expect(parseProcStat(STAT_LINE('S', 777))).toEqual({ state: 'S', startTime: 777 });
		expect(parseProcStat('garbage')).toBeNull();
		expect(parseProcStat(null)).toBeNull();
	});

	it('knows its own pid, start time, boot id, pid namespace and host', () => {
		const identity = localIdentity();
		expect(identity.pid).toBe(process.pid);
		expect(identity.startTime).toBe(
			parseProcStat(readFileSync('/proc/self/stat', 'utf8'))?.startTime,
		);
		expect(identity.bootId).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
		expect(identity.pidNamespace).toMatch(/^pid:\[\d+\]$/);
	});

	it('finds a running process alive, with its start time', async () => {
		const probe = await probeProcess(process.pid);
		expect(probe).toMatchObject({
			state: 'alive',
			reason: 'running',
			startTime: localIdentity().startTime,
		});
	});

	it('finds an exited process dead (ESRCH)', async () => {
		expect(await probeProcess(await deadPid())).toMatchObject({
			state: 'dead',
			reason: 'no-such-process',
		});
	});

	it('counts a probe refused with EPERM as alive, and still reads the start time', async () => {
		const refused = fakeSystem(
			() => {
				throw errno('EPERM');
			},
			STAT_LINE('S', 99),
		);
		expect(await probeProcess(4242, refused)).toEqual({
			state: 'alive',
			reason: 'permission-denied',
			startTime: 99,
			errno: 'EPERM',
		});
	});

	it('counts a zombie as dead and an unexpected probe error as unknown', async () => {
		expect(
			await probeProcess(
				4242,
				fakeSystem(() => undefined, STAT_LINE('Z', 5)),
			),
		).toMatchObject({
			state: 'dead',
			reason: 'zombie',
		});
		const broken = fakeSystem(
			() => {
				throw errno('EINVAL');
			},
			STAT_LINE('S', 5),
		);
		expect(await probeProcess(4242, broken)).toMatchObject({ state: 'unknown', errno: 'EINVAL' });
	});

	it('never probes pid 0 or negative pids, which name process groups', async () => {
		let probed = false;
		const system = fakeSystem(
			() => {
				probed = true;
			},
			STAT_LINE('S', 1),
		);
		for (const pid of [0, -1, 1.5, Number.NaN]) {
			expect(await probeProcess(pid, system)).toMatchObject({
				state: 'unknown',
				reason: 'invalid-pid',
			});
		}
		expect(probed).toBe(false);
	});

	it('does not even probe a pid from another host or pid namespace', async () => {
		let probes = 0;
		const system = fakeSystem(
			() => {
				probes += 1;
			},
			STAT_LINE('S', 1),
		);
		const here = localIdentity();
		const elsewhere = await gatherOwnerEvidence(
			{ pid: 1, hostname: 'other-host', pidNamespace: here.pidNamespace ?? '' },
			here,
			system,
		);
		const otherNamespace = await gatherOwnerEvidence(
			{ pid: 1, hostname: here.hostname, pidNamespace: 'pid:[1]' },
			here,
			system,
		);
		expect([elsewhere.probe, otherNamespace.probe, probes]).toEqual([null, null, 0]);
	});

	itAsRoot(
		'answers EPERM for a process of another user, which a real probe then counts as alive',
		async () => {
			const folder = await mkdtemp(path.join(tmpdir(), 'safedisk-eperm-'));
			// Writable for the judge, or an unwritable directory would explain the silence instead.
			await chmod(folder, 0o777);
			try {
				const resource = path.join(folder, 'resource');
				// Owned by this root test process, alive, with a heartbeat long stale.
				plantLock(resource, {}, 60_000);
				const judge = startFixture(JUDGE, {
					uid: 65534,
					env: { SAFEDISK_FIXTURE: JSON.stringify({ resource, pid: process.pid }) },
				});
				const probe = await judge.waitFor((message) => message.event === 'probe');
				const inspection = await judge.waitFor((message) => message.event === 'inspection');
				expect(probe).toMatchObject({
					uid: 65534,
					state: 'alive',
					reason: 'permission-denied',
					errno: 'EPERM',
				});
				expect(inspection.decision).toMatchObject({
					verdict: 'stale-not-stealable',
					mayTakeOver: false,
					reason: 'owner-alive',
				});
			} finally {
				await rm(folder, { recursive: true, force: true });
			}
		},
	);

	it('turns a live pid with another start time into dead-owner evidence', async () => {
		const here = localIdentity();
		const owner = {
			pid: process.pid,
			hostname: here.hostname,
			bootId: here.bootId ?? undefined,
			pidNamespace: here.pidNamespace ?? undefined,
			startTime: (here.startTime ?? 0) + 1,
		};
		const gathered = await gatherOwnerEvidence(owner);
		const decision = decideTakeover({
			owner,
			...gathered,
			heartbeatAgeMs: 60_000,
			staleThresholdMs: 2000,
			filesystemCondition: 'ok',
		});
		expect(decision).toMatchObject({
			verdict: 'stale-stealable',
			mayTakeOver: true,
			reason: 'owner-pid-reused',
		});
	});
});
