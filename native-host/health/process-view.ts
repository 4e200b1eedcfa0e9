import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProbeSystem } from '../lock/owner-evidence.ts';
import { HEALTH_DEFAULTS } from './defaults.ts';
import { deviceKeyOf } from './kernel-locks.ts';

export interface ProcessCache extends ProbeSystem {
	commandLine(pid: number): Promise<string | null>;
}

// A probe system that answers each pid once per check: ten thousand locks of one owner cost one
// probe, and every lock of that owner is judged on the same answer.
export function memoizedProbeSystem(): ProcessCache {
	const signals = new Map<number, unknown>();
	const stats = new Map<number, Promise<string>>();
	const commandLines = new Map<number, Promise<string | null>>();
	return {
		commandLine(pid) {
			let pending = commandLines.get(pid);
			if (!pending) {
				pending = readCommandLine(pid);
				commandLines.set(pid, pending);
			}
			return pending;
		},
		signal(pid) {
			if (!signals.has(pid)) {
				try {
					process.kill(pid, 0);
					signals.set(pid, null);
				} catch (error) {
					signals.set(pid, error);
				}
			}
			const outcome = signals.get(pid);
			if (outcome !== null) throw outcome;
		},
		readStat(pid) {
			let pending = stats.get(pid);
			if (!pending) {
				pending = readFile(`/proc/${pid}/stat`, 'utf8');
				// The rejection is handled by each caller; this only silences the cached copy.
				pending.catch(() => undefined);
				stats.set(pid, pending);
			}
			return pending;
		},
	};
}

// The command line of a process, arguments joined by spaces; null when not visible.
export async function readCommandLine(pid: number): Promise<string | null> {
	try {
		const raw = await readFile(`/proc/${pid}/cmdline`);
		const text = raw
			.subarray(0, HEALTH_DEFAULTS.commandLineCap)
			.toString('utf8')
			.replace(/\0+$/, '')
			.split('\0')
			.join(' ');
		return text.length > 0 ? text : null;
	} catch {
		return null;
	}
}

export interface OpenFileIndex {
	// Pids with the file open, by "device/inode".
	openers: Map<string, number[]>;
	// Every process's descriptor table was readable: "nobody has it open" is then a fact.
	complete: boolean;
}

// Which processes have the given files open, from /proc/<pid>/fd. Only root sees every process's
// descriptors; otherwise the index says it is incomplete.
export async function indexOpenFiles(wanted: ReadonlySet<string>): Promise<OpenFileIndex> {
	const openers = new Map<string, number[]>();
	let complete = true;
	let pids: string[];
	try {
		pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
	} catch {
		return { openers, complete: false };
	}
	for (const pidText of pids) {
		const pid = Number(pidText);
		let fds: string[];
		try {
			fds = await readdir(`/proc/${pid}/fd`);
		} catch (error) {
			// A process that exited meanwhile holds nothing; one we may not inspect might.
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') complete = false;
			continue;
		}
		await Promise.all(
			fds.map(async (fd) => {
				try {
					const info = await stat(`/proc/${pid}/fd/${fd}`);
					const key = `${deviceKeyOf(info.dev)}/${info.ino}`;
					if (!wanted.has(key)) return;
					const list = openers.get(key) ?? [];
					if (!list.includes(pid)) list.push(pid);
					openers.set(key, list);
				} catch {
					// Closed meanwhile, or a descriptor that is no file (a socket, an anonymous inode).
				}
			}),
		);
	}
	return { openers, complete };
}

export function fileKey(dev: number, inode: number): string {
	return `${deviceKeyOf(dev)}/${inode}`;
}

// Running git processes whose working folder is inside a work tree. git keeps index.lock for the
// length of a command (a commit waiting on its editor holds it with no file open), so a git that
// runs in the repository is the holder a person is looking for.
export async function gitProcessesIn(worktree: string): Promise<number[]> {
	const found: number[] = [];
	let pids: string[];
	try {
		pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
	} catch {
		return found;
	}
	await Promise.all(
		pids.map(async (pid) => {
			try {
				if ((await readFile(`/proc/${pid}/comm`, 'utf8')).trim() !== 'git') return;
				const cwd = await readlink(`/proc/${pid}/cwd`);
				if (cwd === worktree || cwd.startsWith(`${worktree}${path.sep}`)) found.push(Number(pid));
			} catch {
				// Exited meanwhile, or not ours to inspect.
			}
		}),
	);
	return found.sort((a, b) => a - b);
}
