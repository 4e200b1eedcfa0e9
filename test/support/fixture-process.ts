import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { reachableByNobody } from './unprivileged-copy.ts';

export type JsonLine = Record<string, unknown>;

// A fixture script running as a real child process. It reports on stdout as JSON lines; SafeDisk
// writes its structured log to stderr (SAFEDISK_LOG), collected as JSON lines too.
export interface FixtureProcess {
	child: ChildProcess;
	pid: number;
	messages: JsonLine[];
	logEntries: JsonLine[];
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	// Resolves with the first message (past or future) that matches, rejects after `timeoutMs`.
	waitFor(match: (message: JsonLine) => boolean, timeoutMs?: number): Promise<JsonLine>;
	kill(signal?: NodeJS.Signals): void;
}

export interface FixtureOptions {
	env?: Record<string, string>;
	uid?: number;
	gid?: number;
}

export function startFixture(script: string, options: FixtureOptions = {}): FixtureProcess {
	const runAs = options.uid === undefined ? script : reachableByNobody(script);
	const child = spawn(process.execPath, [runAs], {
		env: { ...process.env, SAFEDISK_LOG: 'warn', ...options.env },
		stdio: ['ignore', 'pipe', 'pipe'],
		...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
	});
	if (child.pid === undefined) throw new Error(`could not start ${script}`);
	const messages: JsonLine[] = [];
	const logEntries: JsonLine[] = [];
	const waiters = new Set<() => void>();
	const collect = (stream: NodeJS.ReadableStream, into: JsonLine[], echo: boolean): void => {
		createInterface({ input: stream }).on('line', (line) => {
			const parsed = parseLine(line);
			if (parsed === null) {
				if (echo) process.stderr.write(`[fixture ${child.pid}] ${line}\n`);
				return;
			}
			into.push(parsed);
			for (const wake of waiters) wake();
		});
	};
	collect(child.stdout as NodeJS.ReadableStream, messages, false);
	collect(child.stderr as NodeJS.ReadableStream, logEntries, true);
	// 'close' comes after the child's output is read to the end: a message it wrote just before
	// exiting is never taken for a missing one. Waiters see `done` as soon as they are woken.
	let done = false;
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		child.on('close', (code, signal) => {
			done = true;
			resolve({ code, signal });
			for (const wake of waiters) wake();
		});
	});
	return {
		child,
		pid: child.pid,
		messages,
		logEntries,
		exited,
		kill: (signal = 'SIGKILL') => {
			if (!done) child.kill(signal);
		},
		waitFor(match, timeoutMs = 20_000) {
			return new Promise<JsonLine>((resolve, reject) => {
				const check = (): void => {
					const found = messages.find(match);
					if (found) {
						finish();
						resolve(found);
					} else if (done) {
						finish();
						reject(new Error(`fixture ${child.pid} exited before the awaited message`));
					}
				};
				const timer = setTimeout(() => {
					finish();
					reject(
						new Error(`fixture ${child.pid}: awaited message did not come in ${timeoutMs} ms`),
					);
				}, timeoutMs);
				const finish = (): void => {
					clearTimeout(timer);
					waiters.delete(check);
				};
				waiters.add(check);
				check();
			});
		},
	};
}

function parseLine(line: string): JsonLine | null {
	if (!line.startsWith('{')) return null;
	try {
		const value: unknown = JSON.parse(line);
		return typeof value === 'object' && value !== null ? (value as JsonLine) : null;
	} catch {
		return null;
	}
}
