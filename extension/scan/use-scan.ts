import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ScanProgress } from '../../shared/commands/scan.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import type { HostClient } from '../host/host-client.ts';
import type { Settings } from '../settings/settings.ts';
import { runDownloadsOnly, runScan } from './run-scan.ts';
import { readSavedScan, saveScan } from './saved-scan.ts';
import type { ScanPart, ScanRun } from './scan-run.ts';

export type ProgressBySource = Partial<Record<ScanPart['source'], ScanProgress>>;

export interface ScanState {
	run: ScanRun | null;
	// True for a run of this popup: its helper connections can still delete what they listed.
	live: boolean;
	progress: ProgressBySource | null;
	error: SafeDiskError | null;
}

// The popup's scan: the saved run of an earlier popup until the person scans again.
export function useScan(hostReachable: boolean | null, settings: Settings | null) {
	const [state, setState] = useState<ScanState>({
		run: null,
		live: false,
		progress: null,
		error: null,
	});
	const clients = useRef(new Map<string, HostClient>());
	const closeClients = useCallback(() => {
		for (const client of clients.current.values()) client.disconnect();
		clients.current = new Map();
	}, []);

	useEffect(() => {
		void readSavedScan().then((saved) =>
			setState((current) =>
				current.run || current.progress ? current : { ...current, run: saved },
			),
		);
		return closeClients;
	}, [closeClients]);

	const start = useCallback(async () => {
		if (hostReachable === null || settings === null) return;
		closeClients();
		setState({ run: null, live: false, progress: {}, error: null });
		try {
			if (!hostReachable) {
				setState({ run: await runDownloadsOnly(), live: true, progress: null, error: null });
				return;
			}
			const live = await runScan(settings, (source, progress) =>
				setState((current) => ({
					...current,
					progress: { ...current.progress, [source]: progress },
				})),
			);
			clients.current = live.clients;
			setState({ run: live.run, live: true, progress: null, error: null });
		} catch (caught) {
			const error =
				caught instanceof SafeDiskError ? caught : new SafeDiskError('E_INTERNAL', String(caught));
			setState({ run: null, live: false, progress: null, error });
		}
	}, [hostReachable, settings, closeClients]);

	// The ranking shows what the free cleanup left of its item, measured, not estimated.
	const applyCleanup = useCallback((itemId: string, remainingBytes: number) => {
		setState((current) => {
			if (!current.run) return current;
			const items = current.run.items.map((item) =>
				item.id === itemId ? { ...item, allocatedBytes: remainingBytes } : item,
			);
			const run = { ...current.run, items };
			void saveScan(run);
			return { ...current, run };
		});
	}, []);

	return { state, start, applyCleanup, clients: clients.current };
}
