import { lstatSync, type Stats } from 'node:fs';
import type {
	CheckedDirectory,
	LockProblem,
	LockReport,
} from '../../shared/commands/lock-health.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { LOCK_VERDICTS, type LockVerdict } from '../../shared/lock-health.ts';
import { getFilesystemStatus } from '../fs/filesystem-status.ts';
import { localIdentity } from '../lock/owner-evidence.ts';
import { findLocks } from './find-locks.ts';
import { type JudgeContext, judgeLock } from './judge-lock.ts';
import { KernelLockTable } from './kernel-locks.ts';
import type { LockCandidate } from './lock-candidate.ts';
import type { LockRoot } from './lock-roots.ts';
import { fileKey, indexOpenFiles, memoizedProbeSystem } from './process-view.ts';
import { taskLimit } from './task-limit.ts';

export interface LockCheckOptions {
	signal?: AbortSignal | undefined;
	// Called for every judged lock, in the order found; the caller pages or collects them.
	onReport?: ((report: LockReport) => void) | undefined;
	// Problems found before the walk (a malformed configuration file).
	problems?: readonly LockProblem[] | undefined;
}

export interface LockCheckResult {
	checkedAt: string;
	total: number;
	counts: Record<LockVerdict, number>;
	directories: CheckedDirectory[];
	problems: LockProblem[];
}

const JUDGE_CONCURRENCY = 32;

// Finds and judges every lock under the given roots. Each root is walked, its locks judged and
// handed to onReport before the next root starts, so memory follows one root, not all.
export async function checkLocks(
	roots: readonly LockRoot[],
	options: LockCheckOptions = {},
): Promise<LockCheckResult> {
	const counts = Object.fromEntries(LOCK_VERDICTS.map((verdict) => [verdict, 0])) as Record<
		LockVerdict,
		number
	>;
	const problems: LockProblem[] = [...(options.problems ?? [])];
	const directories: CheckedDirectory[] = [];
	const statuses = new Map<string, Promise<FilesystemStatus | null>>();
	const filesystem = (directory: string): Promise<FilesystemStatus | null> => {
		let status = statuses.get(directory);
		if (!status) {
			status = getFilesystemStatus(directory).catch(() => null);
			statuses.set(directory, status);
		}
		return status;
	};
	const kernelLocks = await KernelLockTable.read();
	const probes = memoizedProbeSystem();
	const reportedFilesystems = new Set<string>();
	let total = 0;
	for (const root of roots) {
		options.signal?.throwIfAborted();
		let rootStat: Stats;
		try {
			rootStat = lstatSync(root.path);
		} catch (error) {
			// Removed since it was resolved: say so and check the others.
			const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
			problems.push({
				path: root.path,
				verdict: null,
				reason: code,
				message: (error as Error).message,
			});
			continue;
		}
		const now = Date.now();
		const { candidates, walk } = await findLocks(root, rootStat, kernelLocks, now, options.signal);
		const context: JudgeContext = {
			now,
			observer: localIdentity(),
			probes,
			kernelLocks,
			openFiles: await openFilesFor(candidates, kernelLocks),
			filesystem,
		};
		const limited = taskLimit(JUDGE_CONCURRENCY);
		const reports = await Promise.all(
			candidates.map((candidate) => limited(() => judgeLock(candidate, context))),
		);
		for (const report of reports) {
			total += 1;
			counts[report.verdict] += 1;
			if (report.problem) problems.push(problemOf(report));
			if (report.filesystem && report.filesystem.condition !== 'ok')
				noteFilesystem(report.filesystem, report.directory, problems, reportedFilesystems);
			options.onReport?.(report);
		}
		const rootStatus = await filesystem(root.path);
		if (rootStatus && rootStatus.condition !== 'ok')
			noteFilesystem(rootStatus, root.path, problems, reportedFilesystems);
		for (const error of walk.errors)
			problems.push({
				path: error.path,
				verdict: null,
				reason: error.code,
				message: error.message,
			});
		if (walk.truncated)
			problems.push({
				path: root.path,
				verdict: null,
				reason: 'walk-truncated',
				message: `Stopped after ${walk.entriesSeen} entries; locks beyond them were not checked.`,
			});
		directories.push({
			path: root.path,
			filesystem: rootStatus,
			locks: reports.length,
			entriesSeen: walk.entriesSeen,
			truncated: walk.truncated,
			errors: walk.errors,
		});
	}
	return { checkedAt: new Date().toISOString(), total, counts, directories, problems };
}

// Files that name no owner and carry no kernel lock can still be held open by a process (git
// keeps index.lock open while it writes it); only those are looked up among open descriptors.
async function openFilesFor(candidates: readonly LockCandidate[], kernelLocks: KernelLockTable) {
	const wanted = new Set<string>();
	for (const candidate of candidates) {
		if (candidate.owner !== null || candidate.stat.isDirectory()) continue;
		if (kernelLocks.locksOn(candidate.stat.dev, candidate.stat.ino).length > 0) continue;
		wanted.add(fileKey(candidate.stat.dev, candidate.stat.ino));
	}
	return wanted.size === 0 ? null : indexOpenFiles(wanted);
}

function problemOf(report: LockReport): LockProblem {
	return {
		path: report.path,
		verdict: report.verdict,
		reason:
			report.heartbeat.future &&
			(report.verdict === 'held-healthy' || report.reason === 'heartbeat-in-future')
				? 'future-mtime'
				: report.reason,
		message: report.explanation,
	};
}

function noteFilesystem(
	status: FilesystemStatus,
	directory: string,
	problems: LockProblem[],
	reported: Set<string>,
): void {
	if (reported.has(directory)) return;
	reported.add(directory);
	const writable = status.writable ? 'writable' : `not writable (${status.writeError ?? '?'})`;
	problems.push({
		path: directory,
		verdict: null,
		reason: `filesystem-${status.condition}`,
		message: `The filesystem under ${directory} is ${status.condition}, ${writable}.`,
	});
}
