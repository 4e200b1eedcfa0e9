import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { log } from '../log.ts';
import type { ClaimContext } from './claim.ts';
import { removeQuietly } from './claim.ts';
import { gatherOwnerEvidence } from './owner-evidence.ts';
import { claimOf, heartbeatAgeMs, parseRecord, RECORD_FILE } from './owner-record.ts';
import { decideTakeover } from './takeover-decision.ts';

const MAX_SWEPT = 20;

// Staging directories and tombstones that a killed process left beside the lock. They are not
// locks, but they are removed under the same rule as one: only when the process that made them
// is proven dead. Runs after a takeover (when a death was just seen), a bounded number at a time.
export async function sweepLeftovers(context: ClaimContext): Promise<number> {
	const { fs, paths, timings } = context;
	const folder = path.dirname(paths.lockDir);
	const prefix = `${path.basename(paths.lockDir)}.`;
	let names: string[];
	try {
		names = await readdir(folder);
	} catch {
		return 0;
	}
	const candidates = names
		.filter(
			(name) => name.startsWith(prefix) && (name.endsWith('.staging') || name.endsWith('.removed')),
		)
		.slice(0, MAX_SWEPT);
	let swept = 0;
	for (const name of candidates) {
		const leftover = path.join(folder, name);
		try {
			const record = parseRecord(await fs.readFile(path.join(leftover, RECORD_FILE)));
			const stat = await fs.stat(leftover);
			if (record === null) continue;
			const owner = claimOf(record);
			const decision = decideTakeover({
				owner,
				...(await gatherOwnerEvidence(owner)),
				heartbeatAgeMs: heartbeatAgeMs(record, stat.mtimeMs, Date.now()),
				staleThresholdMs: timings.staleThresholdMs,
				filesystemCondition: 'ok',
			});
			if (!decision.mayTakeOver) continue;
			removeQuietly(fs, leftover);
			swept += 1;
		} catch {
			// Empty (killed before its record was written), unreadable or already gone: left alone.
		}
	}
	if (swept > 0) log('info', 'lock.leftovers-swept', { lockPath: paths.lockDir, swept });
	return swept;
}
