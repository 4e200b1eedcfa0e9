import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../native-host/commands/scan.ts';
import { LATEST_SCAN_KEY, readLatestScan } from '../../native-host/scan/latest-scan.ts';
import { COMMANDS } from '../../shared/protocol.ts';
import { makeRefusedFolders } from './refused-folders.ts';
import { fakeScanContext } from './scan-context.ts';

const SITES = 30_000;

describe('the scan host command', () => {
	let base = '';
	let userDataDir = '';

	beforeAll(() => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-scan-command-'));
		userDataDir = path.join(base, 'user-data');
		const indexedDb = path.join(userDataDir, 'Default', 'IndexedDB');
		mkdirSync(indexedDb, { recursive: true });
		writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), '{}');
		// Long host names make every item large, as real sites with long names do.
		for (let index = 0; index < SITES; index += 1) {
			const host = `site-${index}-${'x'.repeat(180)}.example`;
			const folder = path.join(indexedDb, `https_${host}_0.indexeddb.leveldb`);
			mkdirSync(folder);
			writeFileSync(path.join(folder, '000003.log'), Buffer.alloc(index % 97, 1));
		}
	}, 120_000);

	afterAll(() => rmSync(base, { recursive: true, force: true }));

	it('keeps every frame under 1 MB and streams all items of a profile with 30,000 sites', async () => {
		const harness = fakeScanContext();
		const summary = await scan({ userDataDirs: [userDataDir] }, harness.context);
		const reply = {
			v: 1,
			id: 'x'.repeat(128),
			type: 'result',
			value: COMMANDS.scan.reply.parse(summary),
		};
		const replyBytes = Buffer.byteLength(JSON.stringify(reply));
		expect(replyBytes).toBeLessThan(64 * 1024);
		expect(harness.largestFrame()).toBeLessThan(harness.limit);
		const items = harness.items();
		expect(items.length).toBe(summary.itemCount);
		expect(items.filter((item) => item.category === 'indexeddb' && item.site !== null).length).toBe(
			SITES,
		);
		const pages = harness.events.filter((event) => event.kind === 'items');
		expect(pages.length).toBe(summary.pageCount);
		expect(pages.length).toBeGreaterThan(10);
		const sizes = items.map((item) => item.allocatedBytes);
		expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
		expect(harness.events[0]?.kind).toBe('progress');
	}, 120_000);

	it('keeps the latest scan for a later delete: paths, root, category, bytes and time', async () => {
		const harness = fakeScanContext();
		const before = Date.now();
		const summary = await scan({ userDataDirs: [userDataDir] }, harness.context);
		const latest = readLatestScan(harness.memory);
		expect(harness.memory.has(LATEST_SCAN_KEY)).toBe(true);
		expect(latest?.scanId).toBe(summary.scanId);
		expect(latest?.scannedAt).toBeGreaterThanOrEqual(before - 1000);
		const first = harness.items()[0];
		const stored = latest?.items.get(first?.id ?? '');
		expect(stored).toMatchObject({
			category: first?.category,
			site: first?.site,
			allocatedBytes: first?.allocatedBytes,
			userDataDir,
		});
		expect(stored?.locations[0]).toMatchObject({ root: userDataDir, whole: true });
		expect(path.isAbsolute(stored?.locations[0]?.path ?? '')).toBe(true);
	}, 120_000);

	it('refuses unknown browsers and relative folders with E_BAD_PAYLOAD', async () => {
		const harness = fakeScanContext();
		await expect(scan({ browsers: ['netscape'] }, harness.context)).rejects.toMatchObject({
			code: 'E_BAD_PAYLOAD',
		});
		await expect(scan({ userDataDirs: ['relative/dir'] }, harness.context)).rejects.toMatchObject({
			code: 'E_BAD_PAYLOAD',
		});
		expect(COMMANDS.scan.request.safeParse({ browsers: ['chrome'], extra: 1 }).success).toBe(false);
	});

	it('stops with E_CANCELLED when the extension cancels', async () => {
		const controller = new AbortController();
		const harness = fakeScanContext(controller.signal);
		const running = scan({ userDataDirs: [userDataDir] }, harness.context);
		controller.abort();
		await expect(running).rejects.toMatchObject({ code: 'E_CANCELLED' });
		expect(harness.memory.has(LATEST_SCAN_KEY)).toBe(false);
	});

	it('refuses a user-data folder that is missing, a file, a FIFO or a symlink loop, naming it', async () => {
		const harness = fakeScanContext();
		const cases = makeRefusedFolders(base);
		for (const [dir, code] of cases) {
			await expect(
				scan({ userDataDirs: [userDataDir, dir] }, harness.context),
			).rejects.toMatchObject({ code, path: dir });
		}
		expect(harness.events).toEqual([]);
		expect(harness.memory.has(LATEST_SCAN_KEY)).toBe(false);
	});
});
