import path from 'node:path';
import type { ScanProgress } from '../../shared/commands/scan.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import { saveDeletableScan } from '../cleanup/deletable-scan-file.ts';
import { rememberDeletableIdentities } from '../cleanup/item-identity.ts';
import { itemPages } from '../scan/item-pages.ts';
import { ownScanId, rememberScan } from '../scan/latest-scan.ts';
import { isBrowserId, resolveInstalls } from '../scan/resolve-installs.ts';
import { runScan } from '../scan/scan-run.ts';
import { summarizeScan, toWireItem } from '../scan/scan-summary.ts';
import { checkUserDataFolders } from '../scan/user-data-folder.ts';
import type { HostCommandHandler } from './host-command.ts';

// Progress goes out at most a few times a second; the browser only needs to show motion.
const PROGRESS_INTERVAL_MS = 250;

// Scans the browsers' user-data folders, streams progress and the ranked items in pages, keeps
// the result for a later delete, and replies with a bounded summary. Folders the extension names
// are checked as the CLI checks them: a missing one is E_PATH_NOT_FOUND, a file or FIFO
// E_NOT_A_DIRECTORY, never a silent empty scan.
export const scan: HostCommandHandler<'scan'> = async (payload, { signal, session, emit }) => {
	const unknown = (payload.browsers ?? []).find((name) => !isBrowserId(name));
	if (unknown !== undefined) {
		throw new SafeDiskError('E_BAD_PAYLOAD', `Unknown browser "${unknown.slice(0, 32)}".`);
	}
	const relative = (payload.userDataDirs ?? []).find((dir) => !path.isAbsolute(dir));
	if (relative !== undefined || payload.userDataDirs?.some((dir) => dir.includes('\0'))) {
		throw new SafeDiskError('E_BAD_PAYLOAD', 'User-data folders must be absolute paths.');
	}
	const userDataDirs = await checkUserDataFolders(payload.userDataDirs ?? []);
	const installs = resolveInstalls({ browsers: payload.browsers, userDataDirs });
	const result = await runScan({
		installs,
		signal,
		progressIntervalMs: PROGRESS_INTERVAL_MS,
		onProgress: (progress: ScanProgress) => emit(progress),
	});
	const replaces = ownScanId(session.memory);
	rememberScan(session.memory, result);
	await rememberDeletableIdentities(session.memory);
	await saveDeletableScan(session.memory, replaces);
	let pageCount = 0;
	for (const page of itemPages(result.items.map(toWireItem))) {
		emit({ kind: 'items', scanId: result.scanId, pageIndex: pageCount, page });
		pageCount += 1;
	}
	return summarizeScan(result, pageCount);
};
