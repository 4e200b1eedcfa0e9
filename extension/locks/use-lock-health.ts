import { useCallback, useEffect, useState } from 'preact/hooks';
import type { LockHealthSummary, LockReport } from '../../shared/commands/lock-health.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import type { HostClient } from '../host/host-client.ts';
import { emptyKeptLocks, keepLockPage, shownLocks } from './lock-cap.ts';

export type LockCheck =
	| { kind: 'checking' }
	| { kind: 'done'; reports: LockReport[]; notShown: number; summary: LockHealthSummary }
	| { kind: 'failed'; error: SafeDiskError };

type CheckedLocks = { reports: LockReport[]; notShown: number; summary: LockHealthSummary };

// Asks the helper to check lock directories: the default set without dirs, else the given ones.
// Keeps only the locks the page shows, problems first.
export async function checkLockDirs(
	client: HostClient,
	dirs: readonly string[] | undefined,
): Promise<CheckedLocks> {
	const kept = emptyKeptLocks();
	const summary = await client.request(
		'lock-health',
		dirs === undefined ? {} : { dirs: [...dirs] },
		{
			onEvent: (event) => keepLockPage(kept, event.page),
		},
	);
	return { ...shownLocks(kept), summary };
}

function toCheck(promise: Promise<CheckedLocks>) {
	return promise.then(
		(done): LockCheck => ({ kind: 'done', ...done }),
		(error: unknown): LockCheck => ({
			kind: 'failed',
			error:
				error instanceof SafeDiskError ? error : new SafeDiskError('E_INTERNAL', String(error)),
		}),
	);
}

// The default lock locations and the user's own directories, checked again on demand.
export function useLockHealth(client: HostClient | null, lockDirs: readonly string[] | null) {
	const [defaults, setDefaults] = useState<LockCheck>({ kind: 'checking' });
	const [mine, setMine] = useState<LockCheck | null>(null);
	const [round, setRound] = useState(0);
	const key = lockDirs === null ? null : JSON.stringify(lockDirs);
	// `round` asks for a new check; `key` stands for the list of directories.
	useEffect(() => {
		if (!client || key === null) return;
		const dirs = JSON.parse(key) as string[];
		let live = true;
		setDefaults({ kind: 'checking' });
		setMine(dirs.length === 0 ? null : { kind: 'checking' });
		void toCheck(checkLockDirs(client, undefined)).then((check) => live && setDefaults(check));
		if (dirs.length > 0)
			void toCheck(checkLockDirs(client, dirs)).then((check) => live && setMine(check));
		return () => {
			live = false;
		};
	}, [client, key, round]);
	const refresh = useCallback(() => setRound((value) => value + 1), []);
	return { defaults, mine, refresh };
}
