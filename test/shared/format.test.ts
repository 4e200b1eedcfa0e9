import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, redactHome } from '../../shared/format.ts';

describe('redactHome', () => {
	it('replaces the home folder as a whole path component', () => {
		expect(redactHome('/home/ann/.config/x.lock and /home/ann', '/home/ann')).toBe(
			'~/.config/x.lock and ~',
		);
		expect(redactHome('"/home/ann"', '/home/ann/')).toBe('"~"');
	});

	it('leaves a sibling folder whose name starts like home alone', () => {
		expect(redactHome('/home/anna/y.lock /home/ann-other/z', '/home/ann')).toBe(
			'/home/anna/y.lock /home/ann-other/z',
		);
	});

	it('treats characters special to regular expressions in the home path literally', () => {
		expect(redactHome('/u/a+b (c)/f', '/u/a+b (c)')).toBe('~/f');
	});
});

describe('formatBytes and formatAge', () => {
	it('formats sizes and ages for people', () => {
		expect([formatBytes(0), formatBytes(1536), formatBytes(3 * 1024 ** 3)]).toEqual([
			'0 B',
			'1.50 KiB',
			'3.00 GiB',
		]);
		expect([formatAge(2500), formatAge(-60_000), formatAge(null)]).toEqual([
			'2.5 s',
			'1 min ahead',
			'-',
		]);
	});
});
