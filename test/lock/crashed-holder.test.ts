import { appendFileSync, chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../native-host/lock/owner-evidence.ts';
import type { FixtureProcess } from '../support/fixture-process.ts';
import {
	analyse,
	finish,
	isEvent,
	newLogFile,
	startContender,
	startHolder,
	useContentionRun,
} from './contention.ts';

const run = useContentionRun();

function resourceIn(name: string): string {
	const folder = mkdtempSync(path.join(run.logs(), `${name}-`));
	chmodSync(folder, 0o777);
	return path.join(folder, 'resource');
}

// The supervisor's line: written before the signal is sent, so it precedes any takeover.
function logKill(log: string, holder: FixtureProcess): void {
	appendFileSync(log, `${JSON.stringify({ e: 'kill', who: 'holder', pid: holder.pid })}\n`);
}

describe('a holder that crashes or stops', () => {
	it('is taken over after SIGKILL with dead-owner evidence, and the time it took is reported', async () => {
		const resource = resourceIn('killed');
		const log = newLogFile(run.logs(), 'killed');
		const holder = startHolder({ resource, log, holdMs: 60_000 });
		run.track(holder);
		await holder.waitFor(isEvent('acquired'));
		const contender = startContender({ resource, log, runMs: 20_000, waitMs: 15_000 });
		run.track(contender);
		// Let the contender settle into waiting before the holder dies.
		await new Promise((resolve) => setTimeout(resolve, 500));
		logKill(log, holder);
		const killedAt = performance.now();
		holder.kill('SIGKILL');
		const entered = await contender.waitFor(isEvent('acquired'));
		const tookMs = performance.now() - killedAt;
		process.stdout.write(`takeover of a SIGKILLed holder took ${tookMs.toFixed(0)} ms\n`);
		expect(entered.takeover).toMatchObject({ previousPid: holder.pid, reason: 'owner-dead' });
		await finish(contender);
		expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [], takeoversOfKilled: 1 });
	});

	it('is never taken over while stopped for five stale thresholds, and after SIGCONT either continues or learns it lost the lock', async () => {
		const resource = resourceIn('stopped');
		const log = newLogFile(run.logs(), 'stopped');
		const holder = startHolder({ resource, log, holdMs: 12_000 });
		run.track(holder);
		await holder.waitFor(isEvent('acquired'));
		const contender = startContender({ resource, log, runMs: 25_000, waitMs: 300 });
		run.track(contender);
		holder.kill('SIGSTOP');
		await new Promise((resolve) => setTimeout(resolve, 5 * 2000));
		expect(contender.messages.some(isEvent('acquired'))).toBe(false);
		// Still stopped ("T"): nothing else resumed it, so the pause it is about to notice is real.
		expect(parseProcStat(readFileSync(`/proc/${holder.pid}/stat`, 'utf8'))?.state).toBe('T');
		holder.kill('SIGCONT');
		const left = await holder.waitFor(isEvent('left'));
		await contender.waitFor(isEvent('acquired'));
		await finish(holder, contender);
		expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
		const paused = holder.messages.find((message) => message.kind === 'paused');
		expect(paused).toBeDefined();
		// Nobody could take it while the owner lived, so it continues as owner.
		expect(left).toMatchObject({ aborted: false });
		expect(holder.messages.some(isEvent('released'))).toBe(true);
	});

	it('keeps its lock while too busy to refresh on time: the contender waits instead of walking in', async () => {
		const resource = resourceIn('busy');
		const log = newLogFile(run.logs(), 'busy');
		const holder = startHolder({ resource, log, holdMs: 5000, blockMs: 700 });
		run.track(holder);
		await holder.waitFor(isEvent('acquired'));
		const contender = startContender({ resource, log, runMs: 15_000, waitMs: 300 });
		run.track(contender);
		await holder.waitFor(isEvent('left'));
		await contender.waitFor(isEvent('acquired'));
		await finish(holder, contender);
		expect(analyse(log)).toMatchObject({ enters: 2, overlaps: [] });
	});
});
