import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLockRoots } from '../../native-host/health/default-lock-dirs.ts';

describe('the default set of lock directories', () => {
	let home: string;
	let state: string;

	beforeAll(() => {
		home = mkdtempSync(path.join(tmpdir(), 'safedisk-lockdirs-home-'));
		state = path.join(home, 'state');
		mkdirSync(path.join(home, '.claude'));
		mkdirSync(path.join(home, 'extra'));
		mkdirSync(state);
	});

	afterAll(() => rmSync(home, { recursive: true, force: true }));

	const environment = () => ({
		platform: 'linux' as const,
		home,
		env: { SAFEDISK_STATE_DIR: state, XDG_RUNTIME_DIR: path.join(home, 'no-runtime') },
	});

	it('checks the known locations that exist, the home folder only at its top level', async () => {
		const { roots, problems } = await defaultLockRoots(environment());
		const byPath = new Map(roots.map((root) => [root.path, root]));
		expect(byPath.get(home)?.depth).toBe(0);
		expect(byPath.get(path.join(home, '.claude'))?.depth).toBe(4);
		expect(byPath.has(path.join(home, '.codex'))).toBe(false);
		expect(byPath.has(path.join(home, 'no-runtime'))).toBe(false);
		expect(problems).toEqual([]);
	});

	it('adds the directories of lock-dirs.json and reports the ones that are missing', async () => {
		writeFileSync(
			path.join(state, 'lock-dirs.json'),
			JSON.stringify({
				dirs: [{ path: path.join(home, 'extra'), depth: 1 }, path.join(home, 'gone')],
			}),
		);
		const { roots, problems } = await defaultLockRoots(environment());
		expect(roots).toContainEqual({ path: path.join(home, 'extra'), depth: 1, origin: 'config' });
		expect(problems).toEqual([
			expect.objectContaining({ path: path.join(home, 'gone'), reason: 'E_PATH_NOT_FOUND' }),
		]);
	});

	it('reports a malformed lock-dirs.json and still checks the known locations', async () => {
		writeFileSync(path.join(state, 'lock-dirs.json'), '{"dirs": "not a list"');
		const { roots, problems } = await defaultLockRoots(environment());
		expect(problems.map((problem) => problem.reason)).toEqual(['config-malformed']);
		expect(roots.map((root) => root.path)).toContain(path.join(home, '.claude'));
	});
});
