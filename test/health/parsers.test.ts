import { describe, expect, it } from 'vitest';
import { escapeForTerminal } from '../../native-host/cli/terminal-text.ts';
import { parseForeignRecord, parsePidFile } from '../../native-host/health/foreign-records.ts';
import {
	deviceKeyOf,
	parseKernelLocks,
	splitDevice,
} from '../../native-host/health/kernel-locks.ts';
import { looksLikeLock, looksLikeLockDirectory } from '../../native-host/health/lock-names.ts';
import { formatAge } from '../../shared/format.ts';

describe('reading what locks and the kernel say', () => {
	it('reads holders and waiters from /proc/locks, with the device as major:minor', () => {
		const locks = parseKernelLocks(
			[
				'1: FLOCK  ADVISORY  WRITE 12028 fe:00:2146371 0 EOF',
				'1: -> FLOCK  ADVISORY  WRITE 12030 fe:00:2146371 0 EOF',
				'2: OFDLCK ADVISORY  READ  -1 00:2f:42 0 EOF',
				'garbage',
			].join('\n'),
		);
		expect(locks).toEqual([
			{ type: 'FLOCK', mode: 'WRITE', pid: 12028, device: 'fe:0', inode: 2146371, blocked: false },
			{ type: 'FLOCK', mode: 'WRITE', pid: 12030, device: 'fe:0', inode: 2146371, blocked: true },
			{ type: 'OFDLCK', mode: 'READ', pid: null, device: '0:2f', inode: 42, blocked: false },
		]);
	});

	it("splits Linux device numbers as glibc's major() and minor() do", () => {
		expect(splitDevice(65024)).toEqual({ major: 254, minor: 0 });
		// major 259, minor 0x12345 in the 64-bit encoding.
		const dev = 0x12300 * 2 ** 12 + 0x45 + (259 << 8);
		expect(splitDevice(dev)).toEqual({ major: 259, minor: 0x12345 });
		expect(deviceKeyOf(65024)).toBe('fe:0');
	});

	it('reads a padded pid file and refuses anything else', () => {
		expect(parsePidFile('      4242\n')?.claim).toEqual({ pid: 4242 });
		expect(parsePidFile('4242\nhost\n')?.pid).toBe(4242);
		expect(parsePidFile('-3\n')?.claim).toEqual({});
		expect(parsePidFile('abc')).toBeNull();
		expect(parsePidFile('')).toBeNull();
	});

	it('takes only the identity fields an owner record states itself', () => {
		const owner = parseForeignRecord(
			JSON.stringify({ token: 't', pid: '17', hostname: 'box', created_at: 1_700_000_000_000 }),
		);
		expect(owner?.claim).toEqual({ pid: 17, hostname: 'box' });
		expect(owner?.createdAt).toBe('2023-11-14T22:13:20.000Z');
		expect(parseForeignRecord('[1,2]')).toBeNull();
		expect(parseForeignRecord('{"name":"x"}')).toBeNull();
		expect(parseForeignRecord('{"pid": 0}')?.claim).toEqual({});
	});

	it('tells lock names from package-manager lockfiles', () => {
		for (const name of ['index.lock', 'LOCK', '.X0-lock', '__dirlock', 'a.pid', 'db.lck'])
			expect([name, looksLikeLock(name)]).toEqual([name, true]);
		for (const name of ['yarn.lock', 'Cargo.lock', 'package-lock.json', 'clock', 'lockers'])
			expect([name, looksLikeLock(name)]).toEqual([name, false]);
		for (const name of ['R.lock', 'lock', '__dirlock', 'x.LCK'])
			expect([name, looksLikeLockDirectory(name)]).toEqual([name, true]);
		for (const name of ['proper-lockfile', 'async-lock', 'lockfile'])
			expect([name, looksLikeLockDirectory(name)]).toEqual([name, false]);
	});

	it('escapes control, bidirectional and zero-width characters for the terminal', () => {
		expect(escapeForTerminal('a\nb\u001b[31m\u202e\u200bc\\')).toBe(
			'a\\nb\\x1b[31m\\u{202e}\\u{200b}c\\\\',
		);
		expect(escapeForTerminal('ünïcode ok')).toBe('ünïcode ok');
	});

	it('writes heartbeat ages as a person reads them', () => {
		expect([formatAge(1500), formatAge(90_000), formatAge(7_200_000), formatAge(-5000)]).toEqual([
			'1.5 s',
			'2 min',
			'2 h',
			'5.0 s ahead',
		]);
		expect(formatAge(null)).toBe('-');
	});
});
