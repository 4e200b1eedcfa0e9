import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import type {
	LockHealthState,
	ProbeReason,
	ProcessState,
	TakeoverReason,
	TakeoverVerdict,
} from '../../shared/lock-health.ts';
import { LATE_HEARTBEAT_FRACTION } from './defaults.ts';

// What a lock says about its owner. Every field may be missing: a proper-lockfile directory
// says nothing, a pid file only has a pid, an AI-CLI record has pid, hostname and a heartbeat.
export interface OwnerClaim {
	pid?: number | undefined;
	hostname?: string | undefined;
	bootId?: string | undefined;
	pidNamespace?: string | undefined;
	// Clock ticks after boot, field 22 of /proc/<pid>/stat.
	startTime?: number | undefined;
	// The health the holder last wrote into its record.
	state?: LockHealthState | undefined;
}

// Where the judge stands: its own machine, boot and pid namespace.
export interface ObserverIdentity {
	hostname: string;
	bootId: string | null;
	pidNamespace: string | null;
}

// The answer of probing the owner pid from the observer's pid namespace.
export interface ProcessProbe {
	state: ProcessState;
	reason: ProbeReason;
	// Start time of whatever process has the pid now, when readable.
	startTime: number | null;
	errno?: string | undefined;
}

export interface TakeoverEvidence {
	// null: the lock holds no owner record at all.
	owner: OwnerClaim | null;
	observer: ObserverIdentity;
	// null: the pid was not probed (no pid, another host or namespace).
	probe: ProcessProbe | null;
	// Age of the newest heartbeat; null when no heartbeat could be read.
	heartbeatAgeMs: number | null;
	// The lock's convention keeps no heartbeat at all (pid files): a null age is then no failure.
	noHeartbeat?: boolean;
	staleThresholdMs: number;
	// Condition of the filesystem holding the lock directory; null when it could not be read.
	filesystemCondition: FilesystemStatus['condition'] | null;
}

export interface TakeoverDecision {
	verdict: TakeoverVerdict;
	mayTakeOver: boolean;
	reason: TakeoverReason;
	explanation: string;
}

// The one rule for "may this lock be taken over, and why". Pure: all I/O happens before, in
// owner-evidence.ts (or the checker's readers for other lock conventions). Age is a diagnostic,
// never a permission: a stale lock is taken only with proof that its owner cannot be running.
export function decideTakeover(evidence: TakeoverEvidence): TakeoverDecision {
	const { owner, heartbeatAgeMs: age, staleThresholdMs: stale } = evidence;
	// A heartbeat up to one threshold ahead is clock skew; further ahead, the clock jumped back and
	// the heartbeat proves nothing: the lock is judged like a stale one, by its owner.
	if (age !== null && age < -stale) return judgeFutureHeartbeat(evidence, owner, age);
	if (age !== null && age < stale) return judgeFreshHeartbeat(owner, age, stale);

	const ageText =
		age !== null
			? `The heartbeat is ${seconds(age)} old`
			: evidence.noHeartbeat
				? 'The lock keeps no heartbeat'
				: 'The heartbeat could not be read';
	return judgeSilentLock(evidence, owner, ageText);
}

function judgeFutureHeartbeat(
	evidence: TakeoverEvidence,
	owner: OwnerClaim | null,
	age: number,
): TakeoverDecision {
	const ageText = `The heartbeat is ${seconds(-age)} in the future`;
	const decision = judgeSilentLock(evidence, owner, ageText);
	if (decision.mayTakeOver) return decision;
	return keep(
		'heartbeat-in-future',
		`${decision.explanation} The clock jumped back, so the heartbeat cannot count as fresh.`,
	);
}

function judgeSilentLock(
	evidence: TakeoverEvidence,
	owner: OwnerClaim | null,
	ageText: string,
): TakeoverDecision {
	const silence = judgeFilesystem(evidence.filesystemCondition, ageText);
	if (silence) return silence;

	if (owner === null) {
		return keep(
			'no-owner-evidence',
			`${ageText}, but the lock names no owner process, so its age proves nothing.`,
		);
	}
	return judgeOwner(evidence, owner, ageText);
}

function judgeFreshHeartbeat(
	owner: OwnerClaim | null,
	age: number,
	stale: number,
): TakeoverDecision {
	const ageText = `the heartbeat is ${seconds(age)} old (stale after ${seconds(stale)})`;
	if (owner?.state === 'unhealthy') {
		return failing('marked-unhealthy', `The holder marked the lock unhealthy; ${ageText}.`);
	}
	if (owner?.state === 'degraded') {
		return failing(
			'marked-degraded',
			`The holder reports failing heartbeat refreshes; ${ageText}.`,
		);
	}
	if (age > stale * LATE_HEARTBEAT_FRACTION) {
		return failing('heartbeat-late', `The lock is held but ${ageText}.`);
	}
	return {
		verdict: 'held-healthy',
		mayTakeOver: false,
		reason: 'heartbeat-fresh',
		explanation: `The lock is held and ${ageText}.`,
	};
}

function judgeFilesystem(
	condition: FilesystemStatus['condition'] | null,
	ageText: string,
): TakeoverDecision | null {
	switch (condition) {
		case 'ok':
			return null;
		case null:
			return keep(
				'filesystem-unknown',
				`${ageText}, and the state of its filesystem could not be read.`,
			);
		case 'space-full':
		case 'inodes-full': {
			const what = condition === 'space-full' ? 'out of space' : 'out of inodes';
			return keep(
				'filesystem-full',
				`${ageText}, but its filesystem is ${what}, which explains the silence.`,
			);
		}
		case 'read-only':
			return keep(
				'filesystem-read-only',
				`${ageText}, but its filesystem is read-only, which explains the silence.`,
			);
		case 'not-writable':
			return keep(
				'filesystem-not-writable',
				`${ageText}, but its directory is not writable, which explains the silence.`,
			);
	}
}

function judgeOwner(
	evidence: TakeoverEvidence,
	owner: OwnerClaim,
	ageText: string,
): TakeoverDecision {
	const { observer, probe } = evidence;
	if (owner.hostname === undefined) {
		return keep(
			'owner-host-unknown',
			`${ageText}, and it does not say which machine holds it: whether its pid runs here proves nothing.`,
		);
	}
	if (owner.hostname !== observer.hostname) {
		return keep(
			'owner-on-other-host',
			`${ageText}, but its owner runs on ${owner.hostname}, not here.`,
		);
	}
	if (owner.bootId !== undefined && observer.bootId !== null && owner.bootId !== observer.bootId) {
		return steal('rebooted', `${ageText} and this machine rebooted since the lock was taken.`);
	}
	if (owner.pidNamespace === undefined || observer.pidNamespace === null) {
		return keep(
			'owner-namespace-unknown',
			`${ageText}, but which pid namespace its owner ran in is unknown.`,
		);
	}
	if (owner.pidNamespace !== observer.pidNamespace) {
		return keep(
			'owner-in-other-pid-namespace',
			`${ageText}, but its owner runs in another pid namespace.`,
		);
	}
	if (owner.pid === undefined) {
		return keep('no-owner-evidence', `${ageText}, but the lock names no owner pid.`);
	}
	const pid = owner.pid;
	if (probe === null || probe.state === 'unknown') {
		const why = probe?.errno ? ` (${probe.errno})` : '';
		return keep(
			'owner-unknown',
			`${ageText} and whether pid ${pid} runs could not be determined${why}.`,
		);
	}
	if (probe.state === 'dead') {
		const how = probe.reason === 'zombie' ? 'has exited' : 'no longer exists';
		return steal('owner-dead', `${ageText} and its owner, pid ${pid}, ${how}.`);
	}
	if (
		owner.startTime !== undefined &&
		probe.startTime !== null &&
		probe.startTime !== owner.startTime
	) {
		return steal(
			'owner-pid-reused',
			`${ageText} and pid ${pid} now belongs to a process that started later.`,
		);
	}
	if (owner.state === 'unhealthy') {
		return failing(
			'marked-unhealthy',
			`${ageText}; its owner, pid ${pid}, runs and keeps it marked unhealthy.`,
		);
	}
	const how =
		probe.reason === 'permission-denied' ? ' (the probe was refused, so it counts as alive)' : '';
	return keep('owner-alive', `${ageText}, but its owner, pid ${pid}, is still running${how}.`);
}

function keep(reason: TakeoverReason, explanation: string): TakeoverDecision {
	return { verdict: 'stale-not-stealable', mayTakeOver: false, reason, explanation };
}

function steal(reason: TakeoverReason, explanation: string): TakeoverDecision {
	return { verdict: 'stale-stealable', mayTakeOver: true, reason, explanation };
}

function failing(reason: TakeoverReason, explanation: string): TakeoverDecision {
	return { verdict: 'held-heartbeat-failing', mayTakeOver: false, reason, explanation };
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}
