// One of the soak's contenders: acquires the shared lock again and again until it has entered
// `remaining` times. Most stays are short; a few are long, and some of those run with a faulty
// heartbeat (EIO, ENOSPC or calls that never answer) so that the heartbeat's failure paths run.
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireLock } from '../../native-host/lock/acquire.ts';
import { appendCritical } from './critical-append.ts';
import { faultSwitch, faultyLockFs, type HeartbeatFault } from './peers.ts';

interface SoakRole {
	resource: string;
	log: string;
	who: string;
	remaining: number;
}

const role = JSON.parse(process.argv[2] ?? '{}') as SoakRole;
const KINDS: HeartbeatFault[] = ['eio', 'enospc', 'hang'];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const between = (low: number, high: number): number => low + Math.random() * (high - low);

async function main(): Promise<void> {
	const stats = { entered: 0, faulted: 0, aborted: 0, releaseFailed: 0 };
	while (stats.entered < role.remaining) {
		const long = Math.random() < 0.007;
		const fault = long && Math.random() < 0.6 ? faultSwitch(pick(KINDS)) : null;
		const lock = await acquireLock(role.resource, {
			waitMs: 120_000,
			...(fault ? { fs: faultyLockFs(fault) } : {}),
		});
		appendCritical(role.log, {
			e: 'enter',
			who: role.who,
			fence: lock.fence,
			tookOverFrom: lock.takeover?.previousPid ?? null,
		});
		stats.entered += 1;
		if (fault) {
			fault.arm();
			stats.faulted += 1;
		}
		const until = performance.now() + (long ? between(300, 2500) : between(0, 1.5));
		while (!lock.signal.aborted && performance.now() < until) await sleep(long ? 10 : 0);
		if (lock.signal.aborted) stats.aborted += 1;
		appendCritical(role.log, { e: 'exit', who: role.who });
		fault?.disarm();
		await lock.release().catch(() => {
			stats.releaseFailed += 1;
		});
		if (stats.entered % 50 === 0) process.send?.({ event: 'progress', ...stats });
	}
	process.send?.({ event: 'done', ...stats });
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.send?.({
			event: 'failed',
			error: String(error),
			code: (error as { code?: unknown }).code,
		});
		process.exit(1);
	},
);
