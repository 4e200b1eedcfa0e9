import { type LockFs, nodeLockFs } from '../../native-host/lock/lock-fs.ts';

type AsyncCall = 'readFile' | 'writeFile' | 'rename' | 'unlink' | 'stat';
const ASYNC_CALLS: AsyncCall[] = ['readFile', 'writeFile', 'rename', 'unlink', 'stat'];

// The real filesystem seam with switches: make chosen asynchronous calls fail with an errno or
// hang, and count how many calls run at once.
export interface ScriptedFs {
	fs: LockFs;
	fail(calls: AsyncCall[], errno: string, times?: number): void;
	hang(calls: AsyncCall[], ms: number): void;
	clear(): void;
	maxConcurrent: number;
	calls: Array<{ call: AsyncCall; path: string }>;
}

export function scriptedFs(base: LockFs = nodeLockFs): ScriptedFs {
	let failing: { calls: AsyncCall[]; errno: string; remaining: number } | null = null;
	let hanging: { calls: AsyncCall[]; ms: number } | null = null;
	let running = 0;
	const scripted: ScriptedFs = {
		fs: { ...base },
		fail(calls, errno, times = Number.POSITIVE_INFINITY) {
			failing = { calls, errno, remaining: times };
		},
		hang(calls, ms) {
			hanging = { calls, ms };
		},
		clear() {
			failing = null;
			hanging = null;
		},
		maxConcurrent: 0,
		calls: [],
	};
	for (const call of ASYNC_CALLS) {
		const original = base[call] as (...args: unknown[]) => Promise<unknown>;
		(scripted.fs as unknown as Record<string, unknown>)[call] = async (...args: unknown[]) => {
			const target = String(args[0]);
			scripted.calls.push({ call, path: target });
			running += 1;
			scripted.maxConcurrent = Math.max(scripted.maxConcurrent, running);
			try {
				if (hanging?.calls.includes(call))
					await new Promise((resolve) => setTimeout(resolve, hanging?.ms));
				if (failing?.calls.includes(call) && failing.remaining > 0) {
					failing.remaining -= 1;
					throw Object.assign(new Error(`${failing.errno} (scripted)`), {
						code: failing.errno,
						syscall: call,
						path: target,
					});
				}
				return await original(...args);
			} finally {
				running -= 1;
			}
		};
	}
	return scripted;
}
