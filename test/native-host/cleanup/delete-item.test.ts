import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostProcess } from '../../support/host-process.ts';
import { itAsRoot } from '../../support/root-only.ts';
import { BrowserFolderFixture, fill, itemOf } from './browser-folder-fixture.ts';

let fixture: BrowserFolderFixture;
let workDir: string;
let userDataDir: string;
let outside: string;
let host: HostProcess;

beforeEach(async () => {
	fixture = await BrowserFolderFixture.create();
	({ workDir, userDataDir, outside, host } = fixture);
});

afterEach(() => fixture.close());

const scan = () => fixture.scan();
const remove = (scanId: string, itemId: string, approvedBytes: number, extra: object = {}) =>
	fixture.remove(scanId, itemId, approvedBytes, extra);

describe('deleting an item through the host', () => {
	it('deletes an approved shader cache, reports the measured bytes and writes an audit line', async () => {
		const { scanId, items } = await scan();
		const shader = itemOf(items, 'shader-cache');
		expect(shader.hostDeletable).toBe(true);
		const reply = await remove(scanId, shader.id, shader.allocatedBytes);
		expect(reply.type, JSON.stringify(reply.error)).toBe('result');
		expect(reply.value).toMatchObject({
			freedBytes: shader.allocatedBytes,
			remainingBytes: 0,
			auditLogged: true,
		});
		expect(existsSync(path.join(userDataDir, 'GrShaderCache'))).toBe(false);
		const audit = (await readFile(path.join(workDir, 'state', 'audit.log'), 'utf8'))
			.trim()
			.split('\n');
		expect(JSON.parse(audit.at(-1) as string)).toMatchObject({
			outcome: 'deleted',
			itemId: shader.id,
		});
	});

	it('refuses an id no scan issued', async () => {
		const { scanId } = await scan();
		expect((await remove(scanId, 'no-such-item', 1)).error?.code).toBe('E_ITEM_UNKNOWN');
	});

	it('refuses an id before any scan ran', async () => {
		expect((await remove('never', 'nothing', 1)).error?.code).toBe('E_ITEM_UNKNOWN');
	});

	it('refuses an item named by an older scan', async () => {
		const first = await scan();
		await scan();
		const shader = itemOf(first.items, 'shader-cache');
		expect((await remove(first.scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_EXPIRED',
		);
		expect(existsSync(path.join(userDataDir, 'GrShaderCache'))).toBe(true);
	});

	it('refuses a message that smuggles a path', async () => {
		const { scanId, items } = await scan();
		const shader = itemOf(items, 'shader-cache');
		const reply = await remove(scanId, shader.id, shader.allocatedBytes, { path: outside });
		expect(reply.error?.code).toBe('E_BAD_PAYLOAD');
		expect(existsSync(outside)).toBe(true);
	});

	it('refuses when a symlink was swapped into the item path after the scan', async () => {
		const { scanId, items } = await scan();
		const shader = itemOf(items, 'shader-cache');
		const cache = path.join(userDataDir, 'GrShaderCache');
		await rename(cache, path.join(workDir, 'moved-away'));
		await symlink(outside, cache);
		expect((await remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_CHANGED',
		);
		expect((await readFile(path.join(outside, 'f0'))).length).toBe(16 * 1024);
	});

	it('refuses when a parent folder became a symlink after the scan', async () => {
		const { scanId, items } = await scan();
		const crash = itemOf(items, 'crash-reports');
		const reports = path.join(userDataDir, 'Crash Reports');
		await rename(reports, path.join(workDir, 'reports-elsewhere'));
		await symlink(path.join(workDir, 'reports-elsewhere'), reports);
		expect((await remove(scanId, crash.id, crash.allocatedBytes)).error?.code).toBe(
			'E_ITEM_CHANGED',
		);
		expect(existsSync(path.join(workDir, 'reports-elsewhere', 'completed', 'f0'))).toBe(true);
	});

	it('refuses an item that grew past what the user approved', async () => {
		const { scanId, items } = await scan();
		const shader = itemOf(items, 'shader-cache');
		await writeFile(path.join(userDataDir, 'GrShaderCache', 'grown'), randomBytes(4 * 1024 * 1024));
		const reply = await remove(scanId, shader.id, shader.allocatedBytes);
		expect(reply.error?.code).toBe('E_ITEM_GREW');
		expect(existsSync(path.join(userDataDir, 'GrShaderCache', 'f0'))).toBe(true);
	});

	it('refuses a category the host may not delete', async () => {
		const { scanId, items } = await scan();
		const site = itemOf(items, 'indexeddb');
		expect((await remove(scanId, site.id, site.allocatedBytes)).error?.code).toBe(
			'E_ITEM_NOT_DELETABLE',
		);
		expect(existsSync(path.join(userDataDir, 'Default', 'IndexedDB'))).toBe(true);
	});
});

describe('deleting in a folder that is not a browser folder', () => {
	it('refuses, even for a host-deletable category', async () => {
		await rm(path.join(userDataDir, 'Local State'));
		const { scanId, items } = await scan();
		const shader = itemOf(items, 'shader-cache');
		expect((await remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_NOT_DELETABLE',
		);
		expect(existsSync(path.join(userDataDir, 'GrShaderCache', 'f0'))).toBe(true);
	});
});

describe('deleting when the disk changed between scan and delete', () => {
	it('refuses when the whole browser folder was swapped for a link to another one', async () => {
		const { scanId, items } = await scan();
		const crash = itemOf(items, 'crash-reports');
		const other = path.join(workDir, 'other-browser');
		await fill(path.join(other, 'Crash Reports', 'completed'), 2, 32 * 1024);
		await writeFile(path.join(other, 'Local State'), '{}');
		await rename(userDataDir, `${userDataDir}.moved`);
		await symlink(other, userDataDir);
		expect((await remove(scanId, crash.id, crash.allocatedBytes)).error?.code).toBe(
			'E_ITEM_CHANGED',
		);
		expect(existsSync(path.join(other, 'Crash Reports', 'completed', 'f0'))).toBe(true);
	});

	it('refuses when the item folder was replaced by a file of the same name', async () => {
		const { scanId, items } = await scan();
		const shader = itemOf(items, 'shader-cache');
		const cache = path.join(userDataDir, 'GrShaderCache');
		await rm(cache, { recursive: true });
		await writeFile(cache, 'not a cache');
		expect((await remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_CHANGED',
		);
		expect(await readFile(cache, 'utf8')).toBe('not a cache');
	});

	it('refuses an approval below the size the scan listed', async () => {
		const { scanId, items } = await scan();
		const crash = itemOf(items, 'crash-reports');
		expect((await remove(scanId, crash.id, 0)).error?.code).toBe('E_BAD_PAYLOAD');
		expect(existsSync(path.join(userDataDir, 'Crash Reports', 'completed', 'f0'))).toBe(true);
	});

	it('deletes once when the same item is requested twice at the same moment', async () => {
		const { scanId, items } = await scan();
		const shader = itemOf(items, 'shader-cache');
		host.request('twice-a', 'delete-item', {
			scanId,
			itemId: shader.id,
			approvedBytes: shader.allocatedBytes,
		});
		host.request('twice-b', 'delete-item', {
			scanId,
			itemId: shader.id,
			approvedBytes: shader.allocatedBytes,
		});
		const outcomes = [await host.reply('twice-a', 30_000), await host.reply('twice-b', 30_000)];
		expect(outcomes.map((reply) => reply.error?.code ?? reply.type).sort()).toEqual([
			'E_ITEM_CHANGED',
			'result',
		]);
	});

	itAsRoot('puts back what it could not delete and says how much was freed', async () => {
		const { scanId, items } = await scan();
		const crash = itemOf(items, 'crash-reports');
		const stuck = path.join(userDataDir, 'Crash Reports', 'completed', 'f1');
		execFileSync('chattr', ['+i', stuck]);
		try {
			const reply = await remove(scanId, crash.id, crash.allocatedBytes);
			expect(reply.error?.code).toBe('E_DELETE_INCOMPLETE');
			expect(reply.error?.details?.freedBytes).toBeGreaterThan(0);
			expect(existsSync(stuck)).toBe(true);
			const leftovers = (await readdir(userDataDir)).filter((name) =>
				name.includes('safedisk-deleting'),
			);
			expect(leftovers).toEqual([]);
		} finally {
			execFileSync('chattr', ['-i', stuck]);
		}
	});
});
