import { useCallback, useEffect, useState } from 'preact/hooks';
import type { LockHealthSummary, LockReport } from '../../shared/commands/lock-health.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import type { HostClient } from '../host/host-client.ts';

export type LockCheck =
	| { kind: 'checking' }
	| { kind: 'done'; reports: LockReport[]; summary: LockHealthSummary }
	| { kind: 'failed'; error: SafeDiskError };

// Asks the helper to check lock directories: the default set without dirs, else the given ones.
export async function checkLockDirs(
	client: HostClient,
	dirs: readonly string[] | undefined,
): Promise<{ reports: LockReport[]; summary: LockHealthSummary }> {
	const reports: LockReport[] = [];
	const summary = await client.request(
		'lock-health',
		dirs === undefined ? {} : { dirs: [...dirs] },
		{
			onEvent: (event) => reports.push(...event.page),
		},
	);
	return { reports, summary };
}

function toCheck(promise: Promise<{ reports: LockReport[]; summary: LockHealthSummary }>) {
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
