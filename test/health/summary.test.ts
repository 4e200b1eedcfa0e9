import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeDefaultLocks } from '../../native-host/health/summary.ts';
import { deadPid } from './support/processes.ts';

describe('the lock summary of npm start', () => {
	let state: string;
	// The default set includes the home folder's lock folders: an empty home keeps the locks of
	// whoever runs the tests out of the five problems the summary names.
	const saved = ['SAFEDISK_STATE_DIR', 'HOME', 'XDG_RUNTIME_DIR'].map(
		(name) => [name, process.env[name]] as const,
	);

	beforeAll(() => {
		state = mkdtempSync(path.join(tmpdir(), 'safedisk-state-'));
		const watched = path.join(state, 'watched');
		mkdirSync(watched);
		writeFileSync(path.join(watched, `bad\nname-${deadPid()}.pid`), `${deadPid()}\n`);
		writeFileSync(path.join(state, 'lock-dirs.json'), JSON.stringify({ dirs: [watched] }));
		process.env.SAFEDISK_STATE_DIR = state;
		process.env.HOME = path.join(state, 'home');
		process.env.XDG_RUNTIME_DIR = path.join(state, 'runtime');
	});

	afterAll(() => {
		for (const [name, value] of saved) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
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
