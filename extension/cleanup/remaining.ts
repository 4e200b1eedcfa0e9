import { reclaimableBytes, type ScanRun } from '../scan/scan-run.ts';
import type { ClaimRecord } from './claim-protocol.ts';

// What the run still lists as reclaimable once the free cleanup's item is down to what was
// measured left of it.
export function reclaimableAfter(run: ScanRun, record: ClaimRecord | null): number {
	const total = reclaimableBytes(run);
	if (!record?.result) return total;
	return Math.max(0, total - record.estimateBytes + record.result.remainingBytes);
}
