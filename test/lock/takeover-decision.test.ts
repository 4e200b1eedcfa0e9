import { describe, expect, it } from 'vitest';
import {
	decideTakeover,
	type OwnerClaim,
	type ProcessProbe,
	type TakeoverEvidence,
} from '../../native-host/lock/takeover-decision.ts';
import { TAKEOVER_REASONS, TAKEOVER_VERDICTS } from '../../shared/lock-health.ts';

const observer = { hostname: 'here', bootId: 'boot-1', pidNamespace: 'pid:[1]' };
const fullOwner: OwnerClaim = {
	pid: 4242,
	hostname: 'here',
	bootId: 'boot-1',
	pidNamespace: 'pid:[1]',
	startTime: 100,
	state: 'healthy',
};
const dead: ProcessProbe = { state: 'dead', reason: 'no-such-process', startTime: null };
const alive: ProcessProbe = { state: 'alive', reason: 'running', startTime: 100 };

function judge(overrides: Partial<TakeoverEvidence>) {
	return decideTakeover({
		owner: fullOwner,
		observer,
		probe: dead,
		heartbeatAgeMs: 60_000,
		staleThresholdMs: 2000,
		filesystemCondition: 'ok',
		...overrides,
	});
}

describe('the takeover decision', () => {
	it('allows a takeover only for a stale heartbeat with a dead owner, a reused pid or a reboot', () => {
		expect(judge({})).toMatchObject({
			verdict: 'stale-stealable',
			mayTakeOver: true,
			reason: 'owner-dead',
		});
		expect(judge({ probe: { ...alive, startTime: 999 } })).toMatchObject({
			mayTakeOver: true,
			reason: 'owner-pid-reused',
		});
		expect(judge({ probe: alive, observer: { ...observer, bootId: 'boot-2' } })).toMatchObject({
			mayTakeOver: true,
			reason: 'rebooted',
		});
		expect(judge({ probe: { state: 'dead', reason: 'zombie', startTime: 100 } })).toMatchObject({
			mayTakeOver: true,
			reason: 'owner-dead',
		});
	});

	it('never allows a takeover while the heartbeat is fresh, whatever else is known', () => {
		const fresh = judge({ heartbeatAgeMs: 300, observer: { ...observer, bootId: 'boot-2' } });
		expect(fresh).toMatchObject({
			verdict: 'held-healthy',
			mayTakeOver: false,
			reason: 'heartbeat-fresh',
		});
		// Slightly ahead (clock skew, within one threshold) still counts as fresh.
		expect(judge({ heartbeatAgeMs: -1500 })).toMatchObject({
			mayTakeOver: false,
			reason: 'heartbeat-fresh',
		});
	});

	it('judges a heartbeat far in the future by its owner, as if it were stale', () => {
		const future = -2_274_504_481_400;
		expect(judge({ heartbeatAgeMs: future })).toMatchObject({
			verdict: 'stale-stealable',
			mayTakeOver: true,
			reason: 'owner-dead',
		});
		expect(judge({ heartbeatAgeMs: -2001, probe: alive })).toMatchObject({
			verdict: 'stale-not-stealable',
			mayTakeOver: false,
			reason: 'heartbeat-in-future',
		});
		expect(judge({ heartbeatAgeMs: future, probe: null, owner: null })).toMatchObject({
			mayTakeOver: false,
			reason: 'heartbeat-in-future',
		});
		expect(judge({ heartbeatAgeMs: future, filesystemCondition: 'read-only' })).toMatchObject({
			mayTakeOver: false,
			reason: 'heartbeat-in-future',
		});
	});

	it('reports a held lock whose heartbeat is late or marked failing', () => {
		expect(judge({ heartbeatAgeMs: 1500 })).toMatchObject({
			verdict: 'held-heartbeat-failing',
			reason: 'heartbeat-late',
		});
		const degraded = { ...fullOwner, state: 'degraded' as const };
		expect(judge({ heartbeatAgeMs: 100, owner: degraded })).toMatchObject({
			verdict: 'held-heartbeat-failing',
			reason: 'marked-degraded',
		});
		const unhealthy = { ...fullOwner, state: 'unhealthy' as const };
		expect(judge({ heartbeatAgeMs: 100, owner: unhealthy })).toMatchObject({
			reason: 'marked-unhealthy',
			mayTakeOver: false,
		});
		expect(judge({ owner: unhealthy, probe: alive })).toMatchObject({
			verdict: 'held-heartbeat-failing',
			reason: 'marked-unhealthy',
			mayTakeOver: false,
		});
		expect(judge({ owner: unhealthy })).toMatchObject({ reason: 'owner-dead', mayTakeOver: true });
	});

	it('treats age as a diagnostic: a live, refused or unknown owner keeps the lock however old it is', () => {
		expect(judge({ probe: alive, heartbeatAgeMs: 3_600_000 })).toMatchObject({
			verdict: 'stale-not-stealable',
			reason: 'owner-alive',
		});
		const refused: ProcessProbe = {
			state: 'alive',
			reason: 'permission-denied',
			startTime: null,
			errno: 'EPERM',
		};
		expect(judge({ probe: refused })).toMatchObject({ mayTakeOver: false, reason: 'owner-alive' });
		expect(
			judge({ probe: { state: 'unknown', reason: 'probe-failed', startTime: null } }),
		).toMatchObject({ reason: 'owner-unknown' });
		expect(judge({ probe: null })).toMatchObject({ mayTakeOver: false, reason: 'owner-unknown' });
	});

	it('takes no evidence from a pid of another host or pid namespace', () => {
		expect(judge({ owner: { ...fullOwner, hostname: 'there' } })).toMatchObject({
			mayTakeOver: false,
			reason: 'owner-on-other-host',
		});
		expect(judge({ owner: { ...fullOwner, pidNamespace: 'pid:[2]' } })).toMatchObject({
			mayTakeOver: false,
			reason: 'owner-in-other-pid-namespace',
		});
		expect(judge({ observer: { ...observer, pidNamespace: null } })).toMatchObject({
			mayTakeOver: false,
			reason: 'owner-namespace-unknown',
		});
	});

	it('blames the filesystem, not the owner, when it is full, read-only or unwritable', () => {
		expect(judge({ filesystemCondition: 'space-full' })).toMatchObject({
			mayTakeOver: false,
			reason: 'filesystem-full',
		});
		expect(judge({ filesystemCondition: 'inodes-full' })).toMatchObject({
			mayTakeOver: false,
			reason: 'filesystem-full',
		});
		expect(judge({ filesystemCondition: 'read-only' })).toMatchObject({
			mayTakeOver: false,
			reason: 'filesystem-read-only',
		});
		expect(judge({ filesystemCondition: 'not-writable' })).toMatchObject({
			mayTakeOver: false,
			reason: 'filesystem-not-writable',
		});
		expect(judge({ filesystemCondition: null })).toMatchObject({
			mayTakeOver: false,
			reason: 'filesystem-unknown',
		});
		const rebooted = {
			observer: { ...observer, bootId: 'boot-2' },
			filesystemCondition: 'read-only' as const,
		};
		expect(judge(rebooted)).toMatchObject({ mayTakeOver: false, reason: 'filesystem-read-only' });
	});

	it('judges partial records of other conventions without ever stealing on age alone', () => {
		// proper-lockfile: a directory and its mtime.
		expect(judge({ owner: null, probe: null })).toMatchObject({
			verdict: 'stale-not-stealable',
			reason: 'no-owner-evidence',
		});
		// A pid file: a pid and nothing to say where it lives.
		expect(judge({ owner: { pid: 4242 } })).toMatchObject({
			mayTakeOver: false,
			reason: 'owner-host-unknown',
		});
		// An AI-CLI record: pid, host and a heartbeat file, but no pid namespace.
		expect(judge({ owner: { pid: 4242, hostname: 'here' } })).toMatchObject({
			mayTakeOver: false,
			reason: 'owner-namespace-unknown',
		});
		expect(judge({ owner: { pid: 4242, hostname: 'here', bootId: 'boot-0' } })).toMatchObject({
			mayTakeOver: true,
			reason: 'rebooted',
		});
		expect(judge({ owner: { hostname: 'here', pidNamespace: 'pid:[1]' } })).toMatchObject({
			mayTakeOver: false,
			reason: 'no-owner-evidence',
		});
		expect(judge({ owner: null, heartbeatAgeMs: 10 })).toMatchObject({ verdict: 'held-healthy' });
	});

	it('always answers with a known verdict, a known reason and a sentence', () => {
		const answers = [
			judge({}),
			judge({ probe: alive }),
			judge({ owner: null }),
			judge({ heartbeatAgeMs: null }),
		];
		for (const answer of answers) {
			expect(TAKEOVER_VERDICTS).toContain(answer.verdict);
			expect(TAKEOVER_REASONS).toContain(answer.reason);
			expect(answer.explanation).toMatch(/^[A-Z].+\.$/);
			expect(answer.mayTakeOver).toBe(answer.verdict === 'stale-stealable');
		}
	});
});
