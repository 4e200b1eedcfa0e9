import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultLockLocations } from '../../native-host/health/default-lock-dirs.ts';
import { HEALTH_DEFAULTS } from '../../native-host/health/defaults.ts';

const README = readFileSync(new URL('../../native-host/health/README.md', import.meta.url), 'utf8');

function tableAfter(heading: string): string[][] {
	const section = README.slice(README.indexOf(heading));
	const rows: string[][] = [];
	for (const line of section.split('\n').slice(1)) {
		if (line.startsWith('## ')) break;
		if (!line.startsWith('| ') || line.startsWith('| ---')) continue;
		rows.push(
			line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim().replaceAll('`', '')),
		);
	}
	return rows.slice(1);
}

describe('native-host/health/README.md', () => {
	it('states the same defaults as the code', () => {
		const documented = Object.fromEntries(
			tableAfter('## Defaults').map(([name, value]) => [name, Number(value)]),
		);
		expect(documented).toEqual({ ...HEALTH_DEFAULTS });
	});

	it('lists the same default lock locations as the code', () => {
		const env = { XDG_RUNTIME_DIR: '/run/user/1000' };
		const locations = defaultLockLocations({ platform: 'linux', home: '/home/u', env });
		const documented = tableAfter('## Default set').map(([, depth, holder]) => [
			Number(depth),
			holder,
		]);
		expect(documented).toEqual(locations.map((location) => [location.depth, location.holder]));
	});
});
