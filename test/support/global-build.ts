import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareUnprivilegedCopy } from './unprivileged-copy.ts';

// Tests run the built host (build/) and load the built extension (dist/), as users do.
// `npm test` builds first and sets SAFEDISK_TEST_BUILT; a bare `npx vitest` builds here.
// Every helper a test starts keeps its state (audit log, saved scans) in a throwaway folder
// unless the test names one, never in the state folder of the person running the tests.
export default function setup(): () => void {
	const state = mkdtempSync(path.join(tmpdir(), 'safedisk-test-state-'));
	process.env.SAFEDISK_STATE_DIR ??= state;
	if (process.env.SAFEDISK_TEST_BUILT !== '1') {
		execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
		process.env.SAFEDISK_TEST_BUILT = '1';
	}
	const removeCopy = prepareUnprivilegedCopy();
	return () => {
		removeCopy();
		rmSync(state, { recursive: true, force: true });
	};
}
