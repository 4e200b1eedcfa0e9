import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { StorageCategory } from '../../shared/storage-risk.ts';
import { cacheStorageFolderIndex, cacheStorageFolderSite } from './cache-storage-sites.ts';
import { newestVersion } from './extension-versions.ts';
import { readFileSystemOrigins } from './file-system-origins.ts';
import { PROFILE_BROWSER_DATA, PROFILE_NAMES } from './layout-names.ts';
import { type MeasureTask, task } from './measure-task.ts';
import type { QuotaBuckets } from './quota-database.ts';
import { originFromIdentifier } from './site-names.ts';

const INDEXEDDB_FOLDER = /^(.+)\.indexeddb\.[a-z]+$/;
const BUCKET_TYPES: Readonly<Record<string, StorageCategory>> = {
	IndexedDB: 'indexeddb',
	CacheStorage: 'cache-storage',
	FileSystem: 'file-system',
	'File System': 'file-system',
};

async function list(dir: string): Promise<Dirent[] | null> {
	try {
		return await readdir(dir, { withFileTypes: true });
	} catch {
		return null;
	}
}

// The measure tasks for one profile folder (or its mirror in the user cache folder), each tagged
// with its category and, where the layout tells, its site. A folder that cannot be listed is
// measured whole, so its unreadable parts are counted rather than lost.
export async function planProfile(
	profileDir: string,
	root: string,
	quota: QuotaBuckets,
): Promise<MeasureTask[]> {
	const tasks: MeasureTask[] = [];
	const entries = await list(profileDir);
	if (entries === null) return [task(profileDir, root, 'other')];
	const origins = new Set<string>();
	for (const bucket of quota.buckets.values()) if (bucket.origin) origins.add(bucket.origin);
	const cacheStorageFolders: string[] = [];
	for (const entry of entries) {
		const full = path.join(profileDir, entry.name);
		const category = PROFILE_NAMES[entry.name];
		if (category) tasks.push(task(full, root, category));
		else if (PROFILE_BROWSER_DATA.has(entry.name) || /-journal$|-wal$/.test(entry.name))
			tasks.push(task(full, root, 'browser-data'));
		else if (entry.name === 'Cache') await planSimpleCacheParent(full, root, 'http-cache', tasks);
		else if (entry.name === 'Code Cache') await planCodeCache(full, root, tasks);
		else if (entry.name === 'Service Worker') {
			await planServiceWorker(full, root, tasks, cacheStorageFolders);
		} else if (entry.name === 'IndexedDB') await planIndexedDb(full, root, tasks, origins);
		else if (entry.name === 'File System') await planFileSystem(full, root, tasks);
		else if (entry.name === 'WebStorage') await planWebStorage(full, root, quota, tasks);
		else if (entry.name === 'Extensions') await planExtensions(full, root, tasks);
		else if (/^(Local|Sync|Managed) Extension Settings$/.test(entry.name)) {
			await planPerChild(full, root, 'extension', tasks, (name) => `chrome-extension://${name}`);
		} else tasks.push(task(full, root, 'other', { part: entry.name, detail: entry.name }));
	}
	// Last, so that every origin seen elsewhere in the profile can explain a folder hash.
	const known = cacheStorageFolderIndex(origins);
	for (const folder of cacheStorageFolders) {
		const site = await cacheStorageFolderSite(folder, known);
		tasks.push(task(folder, root, 'cache-storage', { site }));
	}
	return tasks;
}

async function planSimpleCacheParent(
	dir: string,
	root: string,
	category: StorageCategory,
	tasks: MeasureTask[],
): Promise<void> {
	const entries = await list(dir);
	if (entries === null) {
		tasks.push(task(dir, root, category));
		return;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		const kind = entry.isDirectory() && entry.name === 'Cache_Data' ? 'simple-cache' : 'tree';
		tasks.push(task(full, root, category, { kind }));
	}
}

async function planCodeCache(dir: string, root: string, tasks: MeasureTask[]): Promise<void> {
	const entries = await list(dir);
	if (entries === null) {
		tasks.push(task(dir, root, 'code-cache'));
		return;
	}
	for (const entry of entries) {
		const kind = entry.isDirectory() ? 'simple-cache' : 'tree';
		tasks.push(task(path.join(dir, entry.name), root, 'code-cache', { kind }));
	}
}

async function planServiceWorker(
	dir: string,
	root: string,
	tasks: MeasureTask[],
	cacheStorageFolders: string[],
): Promise<void> {
	const entries = await list(dir);
	if (entries === null) {
		tasks.push(task(dir, root, 'service-worker-scripts'));
		return;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.name === 'CacheStorage' && entry.isDirectory()) {
			const folders = await list(full);
			if (folders === null) tasks.push(task(full, root, 'cache-storage'));
			for (const folder of folders ?? []) {
				const child = path.join(full, folder.name);
				if (folder.isDirectory()) cacheStorageFolders.push(child);
				else tasks.push(task(child, root, 'cache-storage'));
			}
		} else {
			// ScriptCache keys are resource numbers, not URLs: the scripts are measured whole.
			tasks.push(task(full, root, 'service-worker-scripts'));
		}
	}
}

async function planIndexedDb(
	dir: string,
	root: string,
	tasks: MeasureTask[],
	origins: Set<string>,
): Promise<void> {
	await planPerChild(dir, root, 'indexeddb', tasks, (name) => {
		const match = INDEXEDDB_FOLDER.exec(name);
		const origin = match?.[1] ? originFromIdentifier(match[1]) : null;
		if (origin) origins.add(origin);
		return origin;
	});
}

async function planFileSystem(dir: string, root: string, tasks: MeasureTask[]): Promise<void> {
	const folders = await readFileSystemOrigins(dir);
	await planPerChild(dir, root, 'file-system', tasks, (name) => folders.get(name) ?? null);
}

async function planWebStorage(
	dir: string,
	root: string,
	quota: QuotaBuckets,
	tasks: MeasureTask[],
): Promise<void> {
	const entries = await list(dir);
	if (entries === null) {
		tasks.push(task(dir, root, 'storage-bucket'));
		return;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (!/^\d+$/.test(entry.name) || !entry.isDirectory()) {
			tasks.push(task(full, root, 'browser-data'));
			continue;
		}
		const bucket = quota.buckets.get(Number(entry.name));
		const detail = bucket && bucket.name !== '_default' ? `bucket "${bucket.name}"` : null;
		const parts = await list(full);
		if (parts === null) {
			tasks.push(task(full, root, 'storage-bucket', { site: bucket?.origin ?? null, detail }));
			continue;
		}
		for (const part of parts) {
			const partPath = path.join(full, part.name);
			const category = BUCKET_TYPES[part.name] ?? 'storage-bucket';
			let site = bucket?.origin ?? null;
			if (site === null && category === 'cache-storage') {
				site = await cacheStorageFolderSite(partPath, new Map());
			}
			tasks.push(task(partPath, root, category, { site, detail }));
		}
	}
}

async function planExtensions(dir: string, root: string, tasks: MeasureTask[]): Promise<void> {
	const entries = await list(dir);
	if (entries === null) {
		tasks.push(task(dir, root, 'extension'));
		return;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (!entry.isDirectory() || !/^[a-p]{32}$/.test(entry.name)) {
			tasks.push(task(full, root, 'extension'));
			continue;
		}
		const site = `chrome-extension://${entry.name}`;
		const versions = (await list(full)) ?? [];
		const current = newestVersion(versions.filter((v) => v.isDirectory()).map((v) => v.name));
		if (versions.length === 0) tasks.push(task(full, root, 'extension', { site }));
		for (const version of versions) {
			const old = version.isDirectory() && version.name !== current;
			const category = old ? 'extension-old-version' : 'extension';
			const detail = old ? `version ${version.name}` : null;
			tasks.push(task(path.join(full, version.name), root, category, { site, detail }));
		}
	}
}

async function planPerChild(
	dir: string,
	root: string,
	category: StorageCategory,
	tasks: MeasureTask[],
	siteOf: (name: string) => string | null,
): Promise<void> {
	const entries = await list(dir);
	if (entries === null) {
		tasks.push(task(dir, root, category));
		return;
	}
	for (const entry of entries) {
		const site = entry.isDirectory() ? siteOf(entry.name) : null;
		tasks.push(task(path.join(dir, entry.name), root, category, { site }));
	}
}
