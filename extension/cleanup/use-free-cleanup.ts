import { useCallback, useEffect, useState } from 'preact/hooks';
import { SafeDiskError } from '../../shared/errors.ts';
import { CATEGORY_RISK } from '../../shared/storage-risk.ts';
import type { HostClient } from '../host/host-client.ts';
import type { RankedItem, ScanRun } from '../scan/scan-run.ts';
import { removeThroughBrowser } from './browser-removal.ts';
import { readFreeCleanup, sendClaimMessage } from './claim-client.ts';
import type { ClaimRecord, CleanupResult } from './claim-protocol.ts';
import type { CleanupRoute } from './eligibility.ts';
import { measureByRescan } from './measure-rescan.ts';

export type FreeCleanupState =
	| { phase: 'loading' }
	| { phase: 'available' }
	| { phase: 'confirming'; item: RankedItem; route: CleanupRoute }
	| { phase: 'deleting'; item: RankedItem }
	| { phase: 'measuring'; item: RankedItem }
	| { phase: 'done'; record: ClaimRecord }
	// Claimed earlier, but the popup closed before the result was measured.
	| { phase: 'unsettled'; record: ClaimRecord }
	| { phase: 'failed'; item: RankedItem; error: SafeDiskError; released: boolean };

// The record of a used free cleanup, once there is one.
export function freeCleanupRecord(state: FreeCleanupState): ClaimRecord | null {
	return state.phase === 'done' || state.phase === 'unsettled' ? state.record : null;
}

export function cleanupLabel(item: RankedItem): string {
	const what = CATEGORY_RISK[item.category].label;
	return item.site ? `${what} of ${item.site}` : `${what} · ${item.browserLabel}`;
}

// Refusals that prove nothing was deleted give the claim back.
const NOTHING_DELETED = new Set([
	'E_ITEM_UNKNOWN',
	'E_ITEM_EXPIRED',
	'E_ITEM_CHANGED',
	'E_ITEM_GREW',
	'E_ITEM_NOT_DELETABLE',
]);

function asError(error: unknown): SafeDiskError {
	if (error instanceof SafeDiskError) return error;
	return new SafeDiskError('E_INTERNAL', error instanceof Error ? error.message : String(error));
}

interface DeletionSteps {
	// Called as the deletion is asked for: a failure before it proves nothing was deleted.
	onRequested: () => void;
	onMeasuring: () => void;
}

async function deleteAndMeasure(
	item: RankedItem,
	route: CleanupRoute,
	client: HostClient | null,
	steps: DeletionSteps,
): Promise<CleanupResult> {
	if (route.kind === 'host') {
		if (!client)
			throw new SafeDiskError('E_HOST_UNREACHABLE', 'The SafeDisk helper is not connected.');
		steps.onRequested();
		const reply = await client.request('delete-item', {
			scanId: item.scanId,
			itemId: item.id,
			approvedBytes: item.allocatedBytes,
		});
		return {
			freedBytes: reply.freedBytes,
			remainingBytes: reply.remainingBytes,
			measuredBy: 'helper',
		};
	}
	steps.onRequested();
	try {
		await removeThroughBrowser(route);
	} catch (error) {
		throw new SafeDiskError(
			'E_ITEM_NOT_DELETABLE',
			`The browser did not clear it: ${asError(error).message}`,
		);
	}
	steps.onMeasuring();
	return measureByRescan(item);
}

// The one free cleanup of a scan run: confirm, claim it through the service worker, delete,
// measure, record. The record in extension storage outlives the popup and the browser.
// `clients` are the helper connections that made the run's scans, while the popup that ran them
// is open; `popupHost` is this popup's own connection, which takes a saved run's scan from the
// helper's state folder.
export function useFreeCleanup(
	run: ScanRun | null,
	clients: Map<string, HostClient>,
	popupHost: HostClient | null,
	onCleaned: (itemId: string, remainingBytes: number) => void,
) {
	const [state, setState] = useState<FreeCleanupState>({ phase: 'loading' });
	const runId = run?.runId ?? null;
	useEffect(() => {
		if (runId === null) return;
		let live = true;
		setState({ phase: 'loading' });
		void readFreeCleanup(runId).then((record) => {
			if (!live) return;
			if (!record) setState({ phase: 'available' });
			else setState({ phase: record.status === 'done' ? 'done' : 'unsettled', record });
		});
		return () => {
			live = false;
		};
	}, [runId]);

	const confirm = useCallback(
		(item: RankedItem, route: CleanupRoute) => setState({ phase: 'confirming', item, route }),
		[],
	);
	const cancel = useCallback(() => setState({ phase: 'available' }), []);
	const approve = useCallback(
		async (item: RankedItem, route: CleanupRoute) => {
			if (runId === null) return;
			const target = { runId, itemId: item.id };
			try {
				await sendClaimMessage({
					type: 'free-cleanup/claim',
					...target,
					label: cleanupLabel(item),
					estimateBytes: item.allocatedBytes,
				});
			} catch (error) {
				const record = await readFreeCleanup(runId);
				if (record) setState({ phase: record.status === 'done' ? 'done' : 'unsettled', record });
				else setState({ phase: 'failed', item, error: asError(error), released: false });
				return;
			}
			setState({ phase: 'deleting', item });
			let requested = false;
			try {
				const result = await deleteAndMeasure(item, route, clients.get(item.scanId) ?? popupHost, {
					onRequested: () => {
						requested = true;
					},
					onMeasuring: () => setState({ phase: 'measuring', item }),
				});
				const record = await sendClaimMessage({ type: 'free-cleanup/settle', ...target, result });
				onCleaned(item.id, result.remainingBytes);
				if (record) setState({ phase: 'done', record });
			} catch (caught) {
				const error = asError(caught);
				const released = !requested || NOTHING_DELETED.has(error.code);
				if (released)
					await sendClaimMessage({ type: 'free-cleanup/release', ...target }).catch(() => null);
				setState({ phase: 'failed', item, error, released });
			}
		},
		[runId, clients, popupHost, onCleaned],
	);
	return { state, confirm, cancel, approve };
}
