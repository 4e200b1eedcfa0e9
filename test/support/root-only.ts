import { it } from 'vitest';

export const isRoot = process.getuid?.() === 0;

// For describe.skipIf: skipped where root is missing, but never in CI, where the tests then fail.
export const skipWithoutRoot = !isRoot && !process.env.CI;

// For tests that mount filesystems, remount them read-only, set attributes or switch uids. Where
// root is missing they are skipped and say so; in CI, which runs as root, a missing root fails.
export function itAsRoot(name: string, test: () => Promise<void> | void, timeoutMs?: number): void {
	if (isRoot) {
		it(name, test, timeoutMs);
	} else if (process.env.CI) {
		it(name, () => {
			throw new Error(`needs root, and CI is expected to run as root: ${name}`);
		});
	} else {
		it.skip(`${name} (needs root)`, test);
	}
}
