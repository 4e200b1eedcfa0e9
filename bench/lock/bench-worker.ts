// A child process of the lock benchmarks. Its role arrives as JSON in argv[2]; it reports to the
// parent over IPC with times on the machine-wide monotonic clock (sharedNow) so that both sides agree.
import { setTimeout as sleep } from 'node:timers/promises';
import { appendCritical, sharedNow } from './critical-append.ts';
import { acquirePeer, faultSwitch, type HeartbeatFault, type Library } from './peers.ts';

interface Role {
	role: 'wait' | 'hold' | 'poll';
	library: Library;
	resource: string;
	log?: string;
	holdMs?: number;
	fault?: HeartbeatFault;
	runMs?: number;
}

const role = JSON.parse(process.argv[2] ?? '{}') as Role;
const report = (message: Record<string, unknown>): void => {
	process.send?.({ ...message, pid: process.pid });
};

async function waitOnce(): Promise<void> {
	report({ event: 'waiting' });
	const lock = await acquirePeer(role.library, { resource: role.resource, wait: true });
	report({ event: 'acquired', at: sharedNow() });
	await lock.release();
}

// Holds the lock; with `fault`, its heartbeat calls misbehave from the moment it is inside. It leaves
// when its library tells it to stop, or after holdMs.
async function hold(): Promise<void> {
	const fault = role.fault ? faultSwitch(role.fault) : undefined;
	const lock = await acquirePeer(role.library, { resource: role.resource, wait: false }, fault);
	if (role.log) appendCritical(role.log, { e: 'enter', who: 'holder' });
	report({ event: 'acquired', at: sharedNow() });
	fault?.arm();
	const started = performance.now();
	while (
		!lock.stopped() &&
		performance.now() - started < (role.holdMs ?? Number.POSITIVE_INFINITY)
	) {
		await sleep(10);
	}
	if (role.log) appendCritical(role.log, { e: 'exit', who: 'holder' });
	report({ event: 'left', stopped: lock.stopped() });
	await lock.release();
}

// Tries every 100 ms for the whole run; once inside, stays 200 ms and leaves.
async function poll(): Promise<void> {
	const started = performance.now();
	while (performance.now() - started < (role.runMs ?? 20_000)) {
		try {
			const lock = await acquirePeer(role.library, { resource: role.resource, wait: false });
			if (role.log) appendCritical(role.log, { e: 'enter', who: 'contender' });
			report({ event: 'acquired', at: sharedNow() });
			await sleep(200);
			if (role.log) appendCritical(role.log, { e: 'exit', who: 'contender' });
			await lock.release();
			return;
		} catch {
			await sleep(100);
		}
	}
}

const roles = { wait: waitOnce, hold, poll };
roles[role.role]().then(
	() => process.exit(0),
	(error: unknown) => {
		report({ event: 'failed', error: String(error) });
		process.exit(1);
	},
);
