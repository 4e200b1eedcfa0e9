import { SafeDiskError } from '../../shared/errors.ts';
import type { HostClient } from '../host/host-client.ts';

// Whether the helper would scan this folder. The scan command checks its folders before it
// measures anything (a missing one is E_PATH_NOT_FOUND, a file or FIFO E_NOT_A_DIRECTORY) and
// reports its first progress only after that, so the scan is stopped at that first event: the
// check costs one directory lookup, not a scan of the folder.
export async function checkScanFolder(client: HostClient, folder: string): Promise<void> {
	if (!folder.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(folder))
		throw new SafeDiskError('E_BAD_PAYLOAD', 'Give the full path of a browser user-data folder.');
	const stop = new AbortController();
	try {
		await client.request(
			'scan',
			{ userDataDirs: [folder] },
			{ signal: stop.signal, onEvent: () => stop.abort() },
		);
	} catch (error) {
		// An event came, so the folder passed the checks that come before it; what ends the
		// stopped scan (E_CANCELLED, normally) says nothing about the folder.
		if (stop.signal.aborted) return;
		throw error;
	}
}
