import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
	lstat,
	mkdir,
	readFile,
	realpath,
	rename,
	stat,
	symlink,
	utimes,
	writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowserFolderFixture, fill, itemOf } from './browser-folder-fixture.ts';

// The browser starts a helper process per popup. A popup reopened after its scan asks a new
// helper to delete; that helper finds the scan in its state folder.
let fixture: BrowserFolderFixture;

beforeEach(async () => {
	fixture = await BrowserFolderFixture.create();
});

afterEach(() => fixture.close());

const scansFolder = () => path.join(fixture.stateDir, 'scans');
const savedFile = (scanId: string) => path.join(scansFolder(), `${scanId}.json`);
async function identityOf(target: string) {
	const info = await lstat(target);
	const real = await realpath(target);
	return { dev: info.dev, ino: info.ino, directory: true, born: info.birthtimeMs, real };
}

const sixteenMinutesAgo = () => new Date(Date.now() - 16 * 60_000);

async function rewriteSaved(scanId: string, change: (saved: Record<string, unknown>) => object) {
	const saved = JSON.parse(await readFile(savedFile(scanId), 'utf8'));
	await writeFile(savedFile(scanId), JSON.stringify(change(saved)));
}

describe('deleting from a scan that an earlier helper process made', () => {
	it('deletes an approved item in a new helper process, under the same checks', async () => {
		const { scanId, items } = await fixture.scan();
		const shader = itemOf(items, 'shader-cache');
		expect((await stat(savedFile(scanId))).mode & 0o777).toBe(0o600);
		// Only what the helper may delete is written down: no site data.
		expect(await readFile(savedFile(scanId), 'utf8')).not.toContain('IndexedDB');
		await fixture.reconnect();
		const reply = await fixture.remove(scanId, shader.id, shader.allocatedBytes);
		expect(reply.type, JSON.stringify(reply.error)).toBe('result');
		expect(reply.value).toMatchObject({ freedBytes: shader.allocatedBytes, remainingBytes: 0 });
		expect(existsSync(path.join(fixture.userDataDir, 'GrShaderCache'))).toBe(false);
		const site = itemOf(items, 'indexeddb');
		expect((await fixture.remove(scanId, site.id, site.allocatedBytes)).error?.code).toBe(
			'E_ITEM_UNKNOWN',
		);
		expect(existsSync(path.join(fixture.userDataDir, 'Default', 'IndexedDB'))).toBe(true);
	});

	it('refuses an item of a scan that the earlier process replaced with a newer one', async () => {
		const first = await fixture.scan();
		const second = await fixture.scan();
		expect(existsSync(savedFile(first.scanId))).toBe(false);
		expect(existsSync(savedFile(second.scanId))).toBe(true);
		await fixture.reconnect();
		const shader = itemOf(first.items, 'shader-cache');
		expect((await fixture.remove(first.scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_UNKNOWN',
		);
		expect(existsSync(path.join(fixture.userDataDir, 'GrShaderCache', 'f0'))).toBe(true);
	});

	it('keeps a scan it took from the state folder when it scans itself, for the popup that shows it', async () => {
		const { scanId, items } = await fixture.scan();
		await fixture.reconnect();
		const crash = itemOf(items, 'crash-reports');
		expect((await fixture.remove(scanId, crash.id, crash.allocatedBytes)).type).toBe('result');
		await fixture.scan();
		expect(existsSync(savedFile(scanId))).toBe(true);
	});

	it('still refuses a browser folder swapped for a link after the scan', async () => {
		const { scanId, items } = await fixture.scan();
		const crash = itemOf(items, 'crash-reports');
		const other = path.join(fixture.workDir, 'other-browser');
		await fill(path.join(other, 'Crash Reports', 'completed'), 2, 32 * 1024);
		await writeFile(path.join(other, 'Local State'), '{}');
		await rename(fixture.userDataDir, `${fixture.userDataDir}.moved`);
		await symlink(other, fixture.userDataDir);
		await fixture.reconnect();
		expect((await fixture.remove(scanId, crash.id, crash.allocatedBytes)).error?.code).toBe(
			'E_ITEM_CHANGED',
		);
		expect(existsSync(path.join(other, 'Crash Reports', 'completed', 'f0'))).toBe(true);
	});

	it('refuses a saved scan older than the delete window, and removes it at the next scan', async () => {
		const { scanId, items } = await fixture.scan();
		const shader = itemOf(items, 'shader-cache');
		await rewriteSaved(scanId, (saved) => ({ ...saved, scannedAt: sixteenMinutesAgo().getTime() }));
		await fixture.reconnect();
		expect((await fixture.remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_EXPIRED',
		);
		expect(existsSync(path.join(fixture.userDataDir, 'GrShaderCache', 'f0'))).toBe(true);
		await utimes(savedFile(scanId), sixteenMinutesAgo(), sixteenMinutesAgo());
		await fixture.scan();
		expect(existsSync(savedFile(scanId))).toBe(false);
	});

	it('refuses a saved scan dated in the future', async () => {
		const { scanId, items } = await fixture.scan();
		const shader = itemOf(items, 'shader-cache');
		await rewriteSaved(scanId, (saved) => ({ ...saved, scannedAt: Date.now() + 86_400_000 }));
		await fixture.reconnect();
		expect((await fixture.remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_EXPIRED',
		);
		expect(existsSync(path.join(fixture.userDataDir, 'GrShaderCache', 'f0'))).toBe(true);
	});

	it('refuses a damaged saved scan, and a scan id that is not one the helper makes', async () => {
		const { scanId, items } = await fixture.scan();
		const shader = itemOf(items, 'shader-cache');
		// A valid scan where a scan id taken as a path could lead.
		await writeFile(path.join(fixture.stateDir, 'planted.json'), await readFile(savedFile(scanId)));
		await writeFile(savedFile(scanId), '{"format":1,');
		await fixture.reconnect();
		expect((await fixture.remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_UNKNOWN',
		);
		expect((await fixture.remove('../planted', shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_UNKNOWN',
		);
		expect(existsSync(path.join(fixture.userDataDir, 'GrShaderCache', 'f0'))).toBe(true);
	});

	it('answers at once when the saved scan is a FIFO, and exits when its input closes', async () => {
		const { scanId, items } = await fixture.scan();
		const shader = itemOf(items, 'shader-cache');
		await fixture.reconnect();
		await rename(savedFile(scanId), `${savedFile(scanId)}.real`);
		execFileSync('mkfifo', [savedFile(scanId)]);
		expect((await fixture.remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_UNKNOWN',
		);
		expect(await fixture.host.close()).toBe(0);
	});

	it('refuses a saved location outside the browser folder and its cache folders', async () => {
		const { scanId, items } = await fixture.scan();
		const shader = itemOf(items, 'shader-cache');
		// Someone with write access to the state folder points the item at a folder elsewhere,
		// with identities that match it, and keeps the real browser folder as the item's.
		const victim = path.join(fixture.outside, 'GrShaderCache');
		await fill(victim, 1, 1024);
		const identities = [
			[fixture.outside, await identityOf(fixture.outside)],
			[victim, await identityOf(victim)],
		];
		await rewriteSaved(scanId, (saved) => ({
			...saved,
			items: (saved.items as Array<{ id: string }>).map((item) =>
				item.id === shader.id
					? { ...item, locations: [{ path: victim, root: fixture.outside, whole: true }] }
					: item,
			),
			identities,
		}));
		await fixture.reconnect();
		expect((await fixture.remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_CHANGED',
		);
		expect(existsSync(path.join(victim, 'f0'))).toBe(true);
	});
});

describe('saving scans for later helper processes', () => {
	it('prunes only its own expired files, and keeps saving past a stray folder', async () => {
		await mkdir(scansFolder(), { recursive: true });
		const foreign = path.join(scansFolder(), 'notes.txt');
		const stray = path.join(scansFolder(), '00000000-0000-4000-8000-000000000000.json.d');
		await writeFile(foreign, 'mine');
		await mkdir(stray);
		const expired = path.join(scansFolder(), '00000000-0000-4000-8000-000000000001.json');
		await writeFile(expired, '{}');
		for (const old of [foreign, stray, expired])
			await utimes(old, sixteenMinutesAgo(), sixteenMinutesAgo());
		const { scanId } = await fixture.scan();
		expect(existsSync(foreign)).toBe(true);
		expect(existsSync(stray)).toBe(true);
		expect(existsSync(expired)).toBe(false);
		expect(existsSync(savedFile(scanId))).toBe(true);
	});

	it('neither writes nor prunes through a scans folder that is a symbolic link', async () => {
		const elsewhere = path.join(fixture.workDir, 'documents');
		const old = path.join(elsewhere, '00000000-0000-4000-8000-000000000002.json');
		await mkdir(elsewhere);
		await writeFile(old, 'a document');
		await utimes(old, sixteenMinutesAgo(), sixteenMinutesAgo());
		await mkdir(fixture.stateDir, { recursive: true });
		await symlink(elsewhere, scansFolder());
		const { scanId, items } = await fixture.scan();
		expect(await readFile(old, 'utf8')).toBe('a document');
		expect(existsSync(path.join(elsewhere, `${scanId}.json`))).toBe(false);
		await fixture.reconnect();
		const shader = itemOf(items, 'shader-cache');
		expect((await fixture.remove(scanId, shader.id, shader.allocatedBytes)).error?.code).toBe(
			'E_ITEM_UNKNOWN',
		);
	});
});
