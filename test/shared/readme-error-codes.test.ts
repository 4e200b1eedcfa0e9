import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';

describe('the README error code table', () => {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

	it('lists every code with the same meaning as shared/errors.ts', () => {
		for (const [code, meaning] of Object.entries(ERROR_CODES)) {
			expect(readme, code).toContain(`| \`${code}\` | ${meaning} |`);
		}
	});

	it('lists no code that does not exist', () => {
		const listed = [...readme.matchAll(/^\| `(E[A-Z_]+)` \|/gm)].map((match) => match[1]);
		expect(listed.filter((code) => !(code && code in ERROR_CODES))).toEqual([]);
	});
});
