import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// A tree shaped like a browser profile: many small files in folders of about 100, a few large
// ones, some hard links (counted once) and symlinks (never followed, one of them a loop), and in
// every top folder one sub-folder whose name is not valid UTF-8 (measured by its bytes).
export function makeTree(root: string, fileCount: number): void {
	const block = Buffer.alloc(256 * 1024, 0x5a);
	mkdirSync(root, { recursive: true });
	let made = 0;
	for (let top = 0; made < fileCount; top += 1) {
		const topDir = path.join(root, `origin-${top}`);
		mkdirSync(topDir);
		const odd = Buffer.concat([
			Buffer.from(`${topDir}${path.sep}`),
			Buffer.from([0xff, 0x2d, 0xfe]),
		]);
		mkdirSync(odd);
		writeFileSync(
			Buffer.concat([odd, Buffer.from(`${path.sep}caf`), Buffer.from([0xe9])]),
			block.subarray(0, 5000),
		);
		for (let middle = 0; middle < 20 && made < fileCount; middle += 1) {
			const dir = path.join(topDir, `entries-${middle}`);
			mkdirSync(dir);
			for (let index = 0; index < 100 && made < fileCount; index += 1, made += 1) {
				const file = path.join(dir, `f${index}`);
				// Sizes from 0 bytes to about 20 KB, plus one 256 KB file in every thousand.
				const size = made % 1000 === 999 ? block.length : (made * 7919) % 20_000;
				if (made % 500 === 250) linkSync(path.join(dir, 'f0'), file);
				else if (made % 500 === 251) symlinkSync('..', file);
				else writeFileSync(file, block.subarray(0, size));
			}
		}
	}
}
