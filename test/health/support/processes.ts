import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const BUILT_LOCK = fileURLToPath(
	new URL('../../../build/native-host/lock/index.js', import.meta.url),
);

const started = new Set<ChildProcess>();
const groups = new WeakSet<ChildProcess>();

// A process that runs until the test ends it: a live pid.
export function spawnSleeper(): ChildProcess {
	const child = spawn('sleep', ['600'], { stdio: 'ignore' });
	started.add(child);
	return child;
}

// The pid of a process that has exited and been reaped: a real dead pid.
export function deadPid(): number {
	const result = spawnSync('true');
	if (result.pid === undefined) throw new Error('could not start true(1)');
	return result.pid;
}

// Starts a child that prints one line when it is ready (it holds its lock), then waits.
export async function spawnReady(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildProcess> {
	// Its own process group, so that ending it also ends what it started (flock's command).
	const child = spawn(command, args, {
		stdio: ['ignore', 'pipe', 'inherit'],
		detached: true,
		...options,
	});
	started.add(child);
	groups.add(child);
	const stdout = child.stdout;
	if (!stdout) throw new Error('no stdout');
	await new Promise<void>((resolve, reject) => {
		stdout.once('data', () => resolve());
		child.once('exit', (code) => reject(new Error(`${command} exited early with ${code}`)));
	});
	return child;
}

export async function killAndReap(child: ChildProcess): Promise<void> {
	const running = child.exitCode === null && child.signalCode === null;
	const exited = running ? once(child, 'exit') : Promise.resolve();
	try {
		if (child.pid !== undefined && groups.has(child)) process.kill(-child.pid, 'SIGKILL');
		else if (running) child.kill('SIGKILL');
	} catch {
		// The group is already gone.
	}
	await exited;
	started.delete(child);
}

// Ends every child this file started, by its own pid.
export async function killAllStarted(): Promise<void> {
	await Promise.all([...started].map((child) => killAndReap(child)));
	started.clear();
}
