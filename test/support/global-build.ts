import { execFileSync } from 'node:child_process';

// Tests run the built host (build/) and load the built extension (dist/), as users do.
// `npm test` builds first and sets SAFEDISK_TEST_BUILT; a bare `npx vitest` builds here.
export default function setup(): void {
	if (process.env.SAFEDISK_TEST_BUILT === '1') return;
	execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
	process.env.SAFEDISK_TEST_BUILT = '1';
}
