import { SafeDiskError } from '../../shared/errors.ts';

// The one error a cancelled scan ends with, wherever in the scan the cancel was seen.
export function scanCancelled(): SafeDiskError {
	return new SafeDiskError('E_CANCELLED', 'The scan was cancelled.');
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw scanCancelled();
}
