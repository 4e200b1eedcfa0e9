import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserRunning } from '../../../native-host/scan/browser-running.ts';

describe('whether a browser holds a user-data folder', () => {
	let dir = '';
	const folder = () => {
		dir = mkdtempSync(path.join(tmpdir(), 'safedisk-running-'));
		return dir;
	};
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('is running when SingletonLock names a live process on this machine', async () => {
		const userData = folder();
		symlinkSync('desk-4242', path.join(userData, 'SingletonLock'));
		const report = await browserRunning(userData, {
			platform: 'linux',
			hostname: 'desk',
			isAlive: (pid) => pid === 4242,
		});
		expect(report).toEqual({ state: 'running', host: 'desk', pid: 4242 });
	});

	it('is not running when the lock names a process that is gone', async () => {
		const userData = folder();
		symlinkSync('desk-4242', path.join(userData, 'SingletonLock'));
		const report = await browserRunning(userData, {
			platform: 'linux',
			hostname: 'desk',
			isAlive: () => false,
		});
		expect(report.state).toBe('not-running');
	});

	it('cannot tell when the lock names another machine (a shared home folder)', async () => {
		const userData = folder();
		symlinkSync('laptop-17', path.join(userData, 'SingletonLock'));
		expect((await browserRunning(userData, { platform: 'linux', hostname: 'desk' })).state).toBe(
			'unknown',
		);
	});

	it('is not running without a lock, and running on Windows while "lockfile" exists', async () => {
		const userData = folder();
		expect((await browserRunning(userData, { platform: 'linux' })).state).toBe('not-running');
		writeFileSync(path.join(userData, 'lockfile'), '');
		expect((await browserRunning(userData, { platform: 'win32' })).state).toBe('running');
	});
});
