import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCAN_DEFAULTS } from '../../../native-host/scan/scan-defaults.ts';

const README = readFileSync(
	new URL('../../../native-host/scan/README.md', import.meta.url),
	'utf8',
);

describe('native-host/scan/README.md', () => {
	it('states the same caps as the code', () => {
		const start = README.indexOf('## Defaults');
		const section = README.slice(start, README.indexOf('\n## ', start + 1));
		const rows = section
			.split('\n')
			.slice(1)
			.filter((line) => line.startsWith('| `'))
			.map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')));
		const documented = Object.fromEntries(rows.map(([, name, value]) => [name, Number(value)]));
		expect(documented).toEqual({ ...SCAN_DEFAULTS });
	});
});
