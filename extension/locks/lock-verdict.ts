import type { LockReport } from '../../shared/commands/lock-health.ts';
import { TAKEOVER_REASON_TEXT, type TakeoverReason } from '../../shared/lock-health.ts';

// Why a stale lock must not be taken over, in the few words that fit beside its verdict.
const NOT_SAFE_BECAUSE: Partial<Record<TakeoverReason, string>> = {
	'filesystem-full': 'filesystem full',
	'filesystem-read-only': 'filesystem read-only',
	'filesystem-not-writable': 'directory not writable',
	'filesystem-unknown': 'filesystem state unknown',
	'owner-alive': 'owner still running',
	'owner-unknown': 'owner state unknown',
	'owner-host-unknown': 'owner machine unknown',
	'owner-on-other-host': 'owner on another machine',
	'owner-namespace-unknown': 'owner pid namespace unknown',
	'owner-in-other-pid-namespace': 'owner in another pid namespace',
	'no-owner-evidence': 'no owner evidence',
	'marked-unhealthy': 'holder keeps it while alive',
};

export type VerdictTone = 'ok' | 'warn' | 'danger' | 'muted';

// The verdict as the lock page says it, and how alarming it is.
export function verdictText(report: LockReport): { text: string; tone: VerdictTone } {
	switch (report.verdict) {
		case 'held-healthy':
			return { text: 'held, healthy', tone: 'ok' };
		case 'held-heartbeat-failing':
			return { text: 'held, heartbeat failing', tone: 'warn' };
		case 'stale-stealable':
			return { text: 'safe to take over', tone: 'ok' };
		case 'stale-not-stealable': {
			const reason = report.takeover.reason;
			const why =
				NOT_SAFE_BECAUSE[reason] ?? TAKEOVER_REASON_TEXT[reason].replace(/\.$/, '').toLowerCase();
			return { text: `not safe to take over: ${why}`, tone: 'danger' };
		}
		case 'orphan':
			return { text: 'orphan: nobody holds it', tone: 'muted' };
		case 'unknown':
			return { text: 'unknown', tone: 'muted' };
	}
}
