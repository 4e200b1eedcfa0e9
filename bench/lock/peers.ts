import nodeFs from 'node:fs';
import lockfile from 'proper-lockfile';
import { acquireLock } from '../../native-host/lock/acquire.ts';
import { type LockFs, nodeLockFs } from '../../native-host/lock/lock-fs.ts';

export const LIBRARIES = ['safedisk', 'proper-lockfile'] as const;
export type Library = (typeof LIBRARIES)[number];

// proper-lockfile's README hands waiting to the `retry` package ("retries: the number of retries
// or a retry options object"); a plain number takes that package's own defaults: first retry
// after 1 s, each next one twice as late.
export const PROPER_LOCKFILE_RETRIES = 10;

export interface PeerLock {
	release(): Promise<void>;
	// The library told the holder to stop (SafeDisk: signal aborted; proper-lockfile: compromised).
	stopped(): boolean;
}

export interface PeerRequest {
	resource: string;
	wait: boolean;
	realpath?: boolean;
}

// How the holder's heartbeat calls misbehave while armed: fail with EIO or ENOSPC, or never
// answer (a stalled network or FUSE filesystem).
export type HeartbeatFault = 'eio' | 'enospc' | 'hang';

export interface FaultSwitch {
	kind: HeartbeatFault;
	armed: boolean;
	arm(): void;
	disarm(): void;
}

export function faultSwitch(kind: HeartbeatFault): FaultSwitch {
	const state: FaultSwitch = {
		kind,
		armed: false,
		arm: () => {
			state.armed = true;
		},
		disarm: () => {
			state.armed = false;
		},
	};
	return state;
}

function injected(kind: HeartbeatFault, call: string, target: unknown): NodeJS.ErrnoException {
	const code = kind === 'enospc' ? 'ENOSPC' : 'EIO';
	const message = `${code}: injected, ${call} '${String(target)}'`;
	return Object.assign(new Error(message), { code, syscall: call });
}

// SafeDisk's filesystem seam with its heartbeat calls (the asynchronous ones) under `fault`.
export function faultyLockFs(fault: FaultSwitch): LockFs {
	const misbehave =
		<T>(call: string, original: (path: string, ...rest: never[]) => Promise<T>) =>
		(path: string, ...rest: never[]): Promise<T> => {
			if (!fault.armed) return original(path, ...rest);
			if (fault.kind === 'hang') return new Promise<T>(() => undefined);
			return Promise.reject(injected(fault.kind, call, path));
		};
	return {
		...nodeLockFs,
		readFile: misbehave('readFile', nodeLockFs.readFile),
		writeFile: misbehave('writeFile', nodeLockFs.writeFile as never),
		stat: misbehave('stat', nodeLockFs.stat),
	};
}

// proper-lockfile refreshes with stat and utimes through its `fs` option (callback style).
function properLockfileFs(fault: FaultSwitch): typeof nodeFs {
	const misbehave =
		(call: 'stat' | 'utimes') =>
		(...args: unknown[]): void => {
			const callback = args.at(-1) as (error: Error | null) => void;
			if (!fault.armed) (nodeFs[call] as (...rest: unknown[]) => void)(...args);
			else if (fault.kind !== 'hang') {
				process.nextTick(() => callback(injected(fault.kind, call, args[0])));
			}
		};
	return { ...nodeFs, stat: misbehave('stat') as never, utimes: misbehave('utimes') as never };
}

export async function acquirePeer(
	library: Library,
	request: PeerRequest,
	fault?: FaultSwitch,
): Promise<PeerLock> {
	if (library === 'safedisk') {
		const fs = fault ? faultyLockFs(fault) : nodeLockFs;
		const lock = await acquireLock(request.resource, { waitMs: request.wait ? 120_000 : 0, fs });
		return { release: () => lock.release(), stopped: () => lock.signal.aborted };
	}
	let compromised = false;
	const options: lockfile.LockOptions = {
		retries: request.wait ? PROPER_LOCKFILE_RETRIES : 0,
		realpath: request.realpath ?? true,
		onCompromised: () => {
			compromised = true;
		},
	};
	if (fault) options.fs = properLockfileFs(fault);
	const release = await lockfile.lock(request.resource, options);
	return { release: () => release().catch(() => undefined), stopped: () => compromised };
}
