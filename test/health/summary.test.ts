import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeDefaultLocks } from '../../native-host/health/summary.ts';
import { deadPid } from './support/processes.ts';

describe('the lock summary of npm start', () => {
	let state: string;
	const previous = process.env.SAFEDISK_STATE_DIR;

	beforeAll(() => {
		state = mkdtempSync(path.join(tmpdir(), 'safedisk-state-'));
		const watched = path.join(state, 'watched');
		mkdirSync(watched);
		writeFileSync(path.join(watched, `bad\nname-${deadPid()}.pid`), `${deadPid()}\n`);
		writeFileSync(path.join(state, 'lock-dirs.json'), JSON.stringify({ dirs: [watched] }));
		process.env.SAFEDISK_STATE_DIR = state;
	});

	afterAll(() => {
		if (previous === undefined) delete process.env.SAFEDISK_STATE_DIR;
		else process.env.SAFEDISK_STATE_DIR = previous;
		rmSync(state, { recursive: true, force: true });
	});

	it('counts the locks of the default set and names the problems in a few escaped lines', async () => {
		const lines = await summarizeDefaultLocks();
		expect(lines[0]).toMatch(/^Locks: \d+ found in \d+ known lock folders/);
		const problem = lines.find((line) => line.includes('bad\\nname'));
		expect(problem).toContain('stale-not-stealable (owner-host-unknown)');
		expect(lines.length).toBeLessThanOrEqual(10);
		for (const line of lines) {
			expect(line).not.toContain('\n');
			expect(line).not.toContain('\u001b');
		}
	});
});
