import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { LockReport } from '../../shared/commands/lock-health.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { judgedStaleThresholdMs } from '../lock/defaults.ts';
import { gatherOwnerEvidence } from '../lock/owner-evidence.ts';
import {
	decideTakeover,
	type ObserverIdentity,
	type OwnerClaim,
	type TakeoverDecision,
} from '../lock/takeover-decision.ts';
import { HEALTH_DEFAULTS } from './defaults.ts';
import { describeHolder, type HolderSource } from './describe-holder.ts';
import type { KernelLockTable } from './kernel-locks.ts';
import type { LockCandidate } from './lock-candidate.ts';
import { guardedResource, isFlockConventionName } from './lock-names.ts';
import { entryTypeOf, isoOrInvalid, toPathStat } from './path-stat.ts';
import { fileKey, gitProcessesIn, type OpenFileIndex, type ProcessCache } from './process-view.ts';
import { gitWorktreeOf } from './recognise-file.ts';

export interface JudgeContext {
	now: number;
	observer: ObserverIdentity;
	probes: ProcessCache;
	kernelLocks: KernelLockTable;
	// null when no candidate needed it (nothing was looked up).
	openFiles: OpenFileIndex | null;
	filesystem(directory: string): Promise<FilesystemStatus | null>;
}

// Gathers the evidence for one lock, asks the takeover decision, and turns its answer into a
// report. Only "orphan" and "unknown" are decided here; every other verdict is the decision's.
export async function judgeLock(
	candidate: LockCandidate,
	context: JudgeContext,
): Promise<LockReport> {
	const { now, observer } = context;
	const kernelLocks = context.kernelLocks.locksOn(candidate.stat.dev, candidate.stat.ino);
	const openers = context.openFiles?.openers.get(fileKey(candidate.stat.dev, candidate.stat.ino));
	let heartbeat = candidate.heartbeat;
	let claim: OwnerClaim | null = candidate.owner?.claim ?? null;
	let source: HolderSource | null = candidate.owner?.source ?? null;
	let shownPid = candidate.owner?.pid ?? null;
	// What the kernel sees right now is this machine, this boot, this pid namespace: a holder
	// found in its lock table (or with the file open) is identified fully, not guessed.
	const observed = (pid: number | null): OwnerClaim => ({
		...(pid === null ? {} : { pid }),
		hostname: observer.hostname,
		...(observer.bootId === null ? {} : { bootId: observer.bootId }),
		...(observer.pidNamespace === null ? {} : { pidNamespace: observer.pidNamespace }),
	});
	if (kernelLocks.length > 0 && candidate.kind !== 'safedisk') {
		if (candidate.owner) candidate.notes.push(describeStatedOwner(candidate));
		if (candidate.kind !== 'unknown') candidate.kind = 'kernel-lock';
		candidate.convention = kernelLocks.some((lock) => lock.type === 'FLOCK') ? 'flock' : 'fcntl';
		shownPid = kernelLocks.find((lock) => lock.pid !== null)?.pid ?? null;
		claim = observed(shownPid);
		source = 'kernel-lock';
		// The lock table read is the heartbeat: the kernel holds the lock at that instant.
		heartbeat = {
			...heartbeat,
			source: 'kernel-lock-table',
			at: context.kernelLocks.readAt,
			staleThresholdMs: HEALTH_DEFAULTS.exclusiveCreateStaleMs,
		};
	} else if (claim === null && openers?.[0] !== undefined) {
		shownPid = openers[0];
		claim = observed(shownPid);
		source = 'open-file';
		candidate.notes.push(`Open in pid ${openers.join(', ')}.`);
	} else if (claim === null && candidate.convention === 'git') {
		const worktree = gitWorktreeOf(candidate.path);
		const gits = worktree === null ? [] : await gitProcessesIn(worktree);
		if (gits[0] !== undefined) {
			shownPid = gits[0];
			claim = observed(shownPid);
			source = 'git-process';
			candidate.notes.push(`git runs in this repository as pid ${gits.join(', ')}.`);
		}
	}
	const gathered = await gatherOwnerEvidence(claim, observer, context.probes);
	const holder =
		source === null
			? null
			: await describeHolder(shownPid, claim, source, gathered.probe, observer, context.probes);
	const filesystem = await context.filesystem(candidate.directory);
	const staleThresholdMs =
		candidate.kind === 'safedisk'
			? judgedStaleThresholdMs(heartbeat.staleThresholdMs)
			: (heartbeat.staleThresholdMs ?? 0);
	const ageMs = heartbeat.at === null ? null : now - heartbeat.at;
	const decision = decideTakeover({
		owner: claim,
		observer: gathered.observer,
		probe: gathered.probe,
		heartbeatAgeMs: ageMs,
		noHeartbeat: heartbeat.source === 'none',
		staleThresholdMs,
		filesystemCondition: filesystem?.condition ?? null,
	});
	const future = ageMs !== null && ageMs < -HEALTH_DEFAULTS.futureToleranceMs;
	if (future)
		candidate.notes.push(
			`The heartbeat is ${Math.round(-(ageMs ?? 0) / 1000)} s in the future: the clock jumped back, so its age cannot be trusted.`,
		);
	if (heartbeat.source === 'none')
		candidate.notes.push('This convention has no heartbeat; only its owner pid can be judged.');
	const refined = await refine(candidate, decision, claim, kernelLocks.length, context);
	const report: LockReport = {
		path: candidate.path,
		directory: candidate.directory,
		kind: candidate.kind,
		entryType: entryTypeOf(candidate.stat),
		convention: candidate.convention,
		holder,
		kernelLocks: kernelLocks.map(({ type, mode, pid }) => ({ type, mode, pid })),
		heartbeat: {
			path: heartbeat.path,
			source: heartbeat.source,
			at: heartbeat.at === null ? null : isoOrInvalid(heartbeat.at),
			ageMs,
			staleThresholdMs: heartbeat.source === 'none' ? null : staleThresholdMs,
			future,
			stat: heartbeat.stat ? toPathStat(heartbeat.path, heartbeat.stat) : null,
		},
		verdict: refined.verdict,
		reason: refined.reason,
		explanation: refined.explanation,
		takeover: {
			verdict: decision.verdict,
			reason: decision.reason,
			mayTakeOver: decision.mayTakeOver,
		},
		problem: false,
		notes: candidate.notes,
		filesystem,
	};
	report.problem = isProblem(report, candidate);
	return report;
}

type Refined = Pick<LockReport, 'verdict' | 'reason' | 'explanation'>;

// Orphan: the decision found a stale lock that names no owner, and the checker sees that nothing
// holds it: a file no process has locked or open (every process's descriptors were read; for a
// git lock, no git runs in its repository either), or a
// lock directory whose resource R of R.lock no longer exists. Unknown: not readable or understood.
async function refine(
	candidate: LockCandidate,
	decision: TakeoverDecision,
	claim: OwnerClaim | null,
	kernelLockCount: number,
	context: JudgeContext,
): Promise<Refined> {
	if (candidate.unknown !== null) {
		return { verdict: 'unknown', ...candidate.unknown };
	}
	const ownerless =
		decision.verdict === 'stale-not-stealable' && decision.reason === 'no-owner-evidence';
	if (!ownerless || claim !== null) return { ...decision };
	if (!candidate.stat.isDirectory()) {
		if (kernelLockCount === 0 && context.openFiles?.complete === true) {
			return {
				verdict: 'orphan',
				reason: 'not-held',
				explanation: `${decision.explanation} No process holds a kernel lock on it or has it open.`,
			};
		}
		return { ...decision };
	}
	const resource =
		path.basename(candidate.path) === '.lock' ? null : guardedResource(candidate.path);
	if (resource !== null && isMissing(resource)) {
		return {
			verdict: 'orphan',
			reason: 'resource-gone',
			explanation: `${decision.explanation} The resource it guards, ${resource}, no longer exists.`,
		};
	}
	return { ...decision };
}

function isMissing(target: string): boolean {
	try {
		return lstatSync(target, { throwIfNoEntry: false }) === undefined;
	} catch {
		return false;
	}
}

// A problem is what needs a person: anything but a healthy held lock, except an unheld file of
// the flock convention (the file stays by design) and a pid file whose pid runs here.
function isProblem(report: LockReport, candidate: LockCandidate): boolean {
	if (report.heartbeat.future) return true;
	if (report.verdict === 'held-healthy') return false;
	if (report.verdict === 'orphan' && keptWhenFree(candidate)) return false;
	if (report.kind === 'pid-file' && report.holder?.state === 'alive') return false;
	return true;
}

function keptWhenFree(candidate: LockCandidate): boolean {
	if (isFlockConventionName(path.basename(candidate.path))) return true;
	return candidate.stat.size === 0 && /^\/(?:var\/)?run\/lock(?:\/|$)/.test(candidate.directory);
}

function describeStatedOwner(candidate: LockCandidate): string {
	const owner = candidate.owner;
	return owner ? `Its ${owner.source} names pid ${owner.pid ?? 'none'}.` : '';
}
