import { access, readlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

export type RunningState = 'running' | 'not-running' | 'unknown';

export interface RunningReport {
	state: RunningState;
	// From the singleton lock: the machine and process that hold the user-data folder.
	host: string | null;
	pid: number | null;
}

export interface RunningCheck {
	platform: NodeJS.Platform;
	hostname?: string;
	isAlive?: (pid: number) => boolean;
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

// Whether a browser is using the folder, from its singleton markers: on Linux and macOS the
// "SingletonLock" symlink names "<host>-<pid>"; on Windows a "lockfile" exists while it runs.
// Read only: the markers are never created, removed or opened for writing.
export async function browserRunning(
	userDataDir: string,
	check: RunningCheck,
): Promise<RunningReport> {
	if (check.platform === 'win32') {
		try {
			await access(path.join(userDataDir, 'lockfile'));
			return { state: 'running', host: null, pid: null };
		} catch {
			return { state: 'not-running', host: null, pid: null };
		}
	}
	let target: string;
	try {
		target = await readlink(path.join(userDataDir, 'SingletonLock'));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return { state: code === 'ENOENT' ? 'not-running' : 'unknown', host: null, pid: null };
	}
	const dash = target.lastIndexOf('-');
	const host = dash > 0 ? target.slice(0, dash) : null;
	const pid = dash > 0 ? Number(target.slice(dash + 1)) : Number.NaN;
	if (host === null || !Number.isInteger(pid) || pid <= 0) {
		return { state: 'unknown', host, pid: null };
	}
	// A lock from another machine (a shared home folder) cannot be checked from here.
	if (host !== (check.hostname ?? hostname())) return { state: 'unknown', host, pid };
	const alive = (check.isAlive ?? processAlive)(pid);
	return { state: alive ? 'running' : 'not-running', host, pid };
}
