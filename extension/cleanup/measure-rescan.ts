import type { CommandRequest } from '../../shared/protocol.ts';
import { HostClient } from '../host/host-client.ts';
import type { RankedItem } from '../scan/scan-run.ts';
import type { CleanupResult } from './claim-protocol.ts';

// The browser does not say how much it deleted, so the helper scans the same user-data folder
// again and the same item id (stable across scans) tells what is left of it.
export async function measureByRescan(item: RankedItem): Promise<CleanupResult> {
	const request: CommandRequest<'scan'> =
		item.browser === 'custom'
			? { userDataDirs: [item.userDataDir] }
			: { browsers: [item.browser], userDataDirs: [item.userDataDir] };
	const client = new HostClient();
	try {
		let remainingBytes = 0;
		await client.request('scan', request, {
			onEvent: (event) => {
				if (event.kind !== 'items') return;
				const same = event.page.find((entry) => entry.id === item.id);
				if (same) remainingBytes = same.allocatedBytes;
			},
		});
		return {
			freedBytes: Math.max(0, item.allocatedBytes - remainingBytes),
			remainingBytes,
			measuredBy: 'rescan',
		};
	} finally {
		client.disconnect();
	}
}
