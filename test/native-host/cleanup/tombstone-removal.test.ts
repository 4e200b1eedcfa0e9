import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identify } from '../../../native-host/cleanup/item-identity.ts';
import type { RecordedLocation } from '../../../native-host/cleanup/item-location-check.ts';
import { removeThroughTombstone } from '../../../native-host/cleanup/tombstone-removal.ts';
import { fill } from './browser-folder-fixture.ts';

let workDir: string;
let browser: string;
let target: string;

beforeEach(async () => {
	workDir = await mkdtemp(path.join(tmpdir(), 'safedisk-tombstone-'));
	browser = path.join(workDir, 'config', 'chromium');
	target = path.join(browser, 'Default', 'GPUCache');
	await fill(target, 2, 4096);
});

afterEach(() => rm(workDir, { recursive: true, force: true }));

async function recorded(): Promise<RecordedLocation> {
	return {
		path: target,
		root: browser,
		rootIdentity: await identify(browser),
		pathIdentity: await identify(target),
	};
}

describe('removing an approved entry through a tombstone', () => {
	it('removes the entry the scan recorded and leaves no tombstone', async () => {
		await removeThroughTombstone(await recorded());
		expect(existsSync(target)).toBe(false);
		expect(await readdir(path.join(browser, 'Default'))).toEqual([]);
	});

	it('puts back, untouched, an entry reached through a folder swapped for a link after the checks', async () => {
		const location = await recorded();
		// Between the checks and the removal, the folder above the browser folder becomes a link to
		// another tree holding the same names: the browser folder's real path moves along with it.
		const other = path.join(workDir, 'other');
		await fill(path.join(other, 'chromium', 'Default', 'GPUCache'), 1, 1024);
		await rename(path.join(workDir, 'config'), path.join(workDir, 'config.moved'));
		await symlink(other, path.join(workDir, 'config'));
		await expect(removeThroughTombstone(location)).rejects.toMatchObject({
			code: 'E_ITEM_CHANGED',
		});
		expect(await readdir(path.join(other, 'chromium', 'Default', 'GPUCache'))).toEqual(['f0']);
		const moved = path.join(workDir, 'config.moved', 'chromium', 'Default', 'GPUCache');
		expect(await readdir(moved)).toEqual(['f0', 'f1']);
	});

	it('refuses a folder re-created under the same name since the scan', async () => {
		const location = await recorded();
		await rm(target, { recursive: true });
		await fill(target, 1, 1024);
		await expect(removeThroughTombstone(location)).rejects.toMatchObject({
			code: 'E_ITEM_CHANGED',
		});
		expect(await readdir(target)).toEqual(['f0']);
	});
});
