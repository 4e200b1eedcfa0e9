import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-worker.js');

// A benchmark child (bench-worker.ts) and the messages it sends over IPC, taken in order.
export interface Worker {
	child: ChildProcess;
	next(event: string): Promise<Record<string, unknown>>;
	exited: Promise<void>;
}

export function startWorker(role: Record<string, unknown>): Worker {
	const child = fork(WORKER, [JSON.stringify(role)], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const inbox: Array<Record<string, unknown>> = [];
	let wake: (() => void) | null = null;
	child.on('message', (message) => {
		inbox.push(message as Record<string, unknown>);
		wake?.();
	});
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	return {
		child,
		exited,
		async next(event) {
			for (;;) {
				const index = inbox.findIndex((message) => message.event === event);
				if (index >= 0) return inbox.splice(index, 1)[0] as Record<string, unknown>;
				await new Promise<void>((resolve) => {
					wake = resolve;
				});
			}
		},
	};
}
