import path from 'node:path';
import { getFilesystemStatus } from '../fs/filesystem-status.ts';
import { judgedStaleThresholdMs, type LockTimings } from './defaults.ts';
import { errnoOf } from './lock-errors.ts';
import { type LockFileStat, type LockFs, withTimeout } from './lock-fs.ts';
import { gatherOwnerEvidence, localIdentity } from './owner-evidence.ts';
import {
	claimOf,
	heartbeatAgeMs,
	type LockPaths,
	type OwnerRecord,
	parseRecord,
} from './owner-record.ts';
import { decideTakeover, type TakeoverDecision } from './takeover-decision.ts';

export type LockInspection =
	| { kind: 'absent' }
	| {
			kind: 'held';
			record: OwnerRecord | null;
			heartbeatAgeMs: number | null;
			decision: TakeoverDecision;
	  };

// Reads a SafeDisk lock the way a contender sees it and judges it with the takeover rule. Cheap
// while the heartbeat is fresh (two calls); probes the owner and the filesystem only once stale.
export async function inspectLock(
	paths: LockPaths,
	fs: LockFs,
	timings: LockTimings,
): Promise<LockInspection> {
	const timed = <T>(operation: string, target: string, call: () => Promise<T>): Promise<T> =>
		withTimeout(operation, target, call, timings.fsCallTimeoutMs, timings.pauseThresholdMs);
	let record: OwnerRecord | null = null;
	let stat: LockFileStat | null = null;
	try {
		const [text, fileStat] = await Promise.all([
			timed('read-record', paths.recordPath, () => fs.readFile(paths.recordPath)),
			timed('stat-record', paths.recordPath, () => fs.stat(paths.recordPath)),
		]);
		record = parseRecord(text);
		stat = fileStat;
	} catch (error) {
		if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') {
			// No record: released, or a directory of another convention (its mtime is all it has).
			stat = await timed('stat-lock-directory', paths.lockDir, () => fs.stat(paths.lockDir)).catch(
				() => null,
			);
			if (stat === null) return { kind: 'absent' };
		}
	}
	const now = Date.now();
	const age =
		stat === null ? null : record ? heartbeatAgeMs(record, stat.mtimeMs, now) : now - stat.mtimeMs;
	// The holder's own threshold binds it; never judge with a shorter one than it promised.
	const staleThresholdMs = judgedStaleThresholdMs(
		record?.staleThresholdMs,
		timings.staleThresholdMs,
	);
	const owner = record ? claimOf(record) : null;
	// A heartbeat far in the future (the clock jumped back) is not fresh either: probe the owner.
	const fresh = age !== null && age < staleThresholdMs && age > -staleThresholdMs;
	const [condition, gathered] = fresh
		? [null, { observer: localIdentity(), probe: null }]
		: await Promise.all([
				getFilesystemStatus(path.dirname(paths.lockDir)).then(
					(status) => status.condition,
					() => null,
				),
				gatherOwnerEvidence(owner),
			]);
	const decision = decideTakeover({
		owner,
		observer: gathered.observer,
		probe: gathered.probe,
		heartbeatAgeMs: age,
		staleThresholdMs,
		filesystemCondition: condition,
	});
	return { kind: 'held', record, heartbeatAgeMs: age, decision };
}
