import { log } from '../log.ts';

export interface ExitReleasable {
	// Synchronous: exit handlers cannot wait.
	releaseOnExit(): void;
}

const held = new Set<ExitReleasable>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type HandledSignal = (typeof SIGNALS)[number];
let installed = false;

function releaseAll(): void {
	for (const lock of [...held]) {
		try {
			lock.releaseOnExit();
		} catch (error) {
			log('error', 'lock.exit-release-failed', { error: String(error) });
		}
	}
	held.clear();
}

function onSignal(signal: HandledSignal): void {
	// Alone on this signal: restore the default action and raise it again, so the process still
	// ends the way it would have without a lock. Otherwise the application's own handler decides.
	const alone = process.listenerCount(signal) === 1;
	releaseAll();
	if (alone) {
		uninstall();
		process.kill(process.pid, signal);
	}
}

function install(): void {
	if (installed) return;
	installed = true;
	process.on('exit', releaseAll);
	for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
	if (!installed) return;
	installed = false;
	process.removeListener('exit', releaseAll);
	for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

// Held locks are released on normal exit and on SIGINT/SIGTERM; the process still exits the
// way it would have without SafeDisk.
export function releaseOnExit(lock: ExitReleasable): void {
	held.add(lock);
	install();
}

// The handlers stay installed once added (re-adding them on every acquisition costs more than
// the acquisition). With no lock held they change nothing: alone on a signal they re-raise it.
export function forgetOnExit(lock: ExitReleasable): void {
	held.delete(lock);
}
