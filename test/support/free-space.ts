import { statfs } from 'node:fs/promises';
import { expect } from 'vitest';

export interface FreeFigures {
	bytes: number;
	inodes: number;
}

export async function freeFigures(dir: string): Promise<FreeFigures> {
	const figures = await statfs(dir);
	return { bytes: figures.bavail * figures.bsize, inodes: figures.ffree };
}

// Other tests write to the same filesystem at the same time, so free space moves while a figure
// travels from the helper to the test: it must lie between what statfs said just before and just
// after it was taken, give or take a little.
export function expectBetween(
	shown: FreeFigures,
	before: FreeFigures,
	after: FreeFigures,
	margin: FreeFigures = { bytes: 64 * 1024 * 1024, inodes: 10_000 },
): void {
	for (const key of ['bytes', 'inodes'] as const) {
		expect(shown[key]).toBeGreaterThanOrEqual(Math.min(before[key], after[key]) - margin[key]);
		expect(shown[key]).toBeLessThanOrEqual(Math.max(before[key], after[key]) + margin[key]);
	}
}
