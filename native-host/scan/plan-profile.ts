import type { StorageCategory } from '../../shared/storage-risk.ts';
import { cacheStorageFolderIndex, cacheStorageFolderSite } from './cache-storage-sites.ts';
import { newestVersion } from './extension-versions.ts';
import { readFileSystemOrigins } from './file-system-origins.ts';
import { type FolderEntry, listFolder } from './folder-entries.ts';
import { categoryOf, PROFILE_BROWSER_DATA, PROFILE_NAMES } from './layout-names.ts';
import { entryTask, type MeasureTask, task } from './measure-task.ts';
import type { QuotaBuckets } from './quota-database.ts';
import type { ReadContext } from './read-browser-file.ts';
import { throwIfCancelled } from './scan-cancelled.ts';
import { originFromIdentifier } from './site-names.ts';

const INDEXEDDB_FOLDER = /^(.+)\.indexeddb\.[a-z]+$/;
const BUCKET_TYPES: Readonly<Record<string, StorageCategory>> = {
	IndexedDB: 'indexeddb',
	CacheStorage: 'cache-storage',
	FileSystem: 'file-system',
	'File System': 'file-system',
};

// Only folders with exact (UTF-8) names are sorted further; any other entry is measured whole.
const canList = (entry: FolderEntry) => entry.isDirectory && entry.exactPath === null;

// The measure tasks for one profile folder (or its mirror in the user cache folder), each tagged
// with its category and, where the layout tells, its site. A folder that cannot be listed is
// measured whole, so its unreadable parts are counted rather than lost.
export async function planProfile(
	profileDir: string,
	root: string,
	quota: QuotaBuckets,
	context: ReadContext = {},
): Promise<MeasureTask[]> {
	const tasks: MeasureTask[] = [];
	const entries = await listFolder(profileDir);
	if (entries === null) return [task(profileDir, root, 'other')];
	const origins = new Set<string>();
	for (const bucket of quota.buckets.values()) if (bucket.origin) origins.add(bucket.origin);
	const cacheStorageFolders: string[] = [];
	for (const entry of entries) {
		throwIfCancelled(context.signal);
		const { name } = entry;
		const category = categoryOf(PROFILE_NAMES, name);
		if (category) tasks.push(entryTask(entry, root, category));
		else if (PROFILE_BROWSER_DATA.has(name) || /-journal$|-wal$/.test(name))
			tasks.push(entryTask(entry, root, 'browser-data'));
		else if (name === 'Cache') await planSimpleCacheParent(entry.path, root, 'http-cache', tasks);
		else if (name === 'Code Cache') await planCodeCache(entry.path, root, tasks);
		else if (name === 'Service Worker') {
			await planServiceWorker(entry.path, root, tasks, cacheStorageFolders);
		} else if (name === 'IndexedDB') await planIndexedDb(entry.path, root, tasks, origins);
		else if (name === 'File System') await planFileSystem(entry.path, root, tasks, context);
		else if (name === 'WebStorage') await planWebStorage(entry.path, root, quota, tasks, context);
		else if (name === 'Extensions') await planExtensions(entry.path, root, tasks);
		else if (/^(Local|Sync|Managed) Extension Settings$/.test(name)) {
			await planPerChild(
				entry.path,
				root,
				'extension',
				tasks,
				(child) => `chrome-extension://${child}`,
			);
		} else tasks.push(entryTask(entry, root, 'other', { part: name, detail: name }));
	}
	// Last, so that every origin seen elsewhere in the profile can explain a folder hash.
	const known = cacheStorageFolderIndex(origins);
	for (const folder of cacheStorageFolders) {
		const site = await cacheStorageFolderSite(folder, known, context);
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
	for (const entry of await entriesOrWhole(dir, root, category, tasks)) {
		const kind = canList(entry) && entry.name === 'Cache_Data' ? 'simple-cache' : 'tree';
		tasks.push(task(entry.path, root, category, { kind, exactPath: entry.exactPath }));
	}
}

async function planCodeCache(dir: string, root: string, tasks: MeasureTask[]): Promise<void> {
	for (const entry of await entriesOrWhole(dir, root, 'code-cache', tasks)) {
		const kind = canList(entry) ? 'simple-cache' : 'tree';
		tasks.push(task(entry.path, root, 'code-cache', { kind, exactPath: entry.exactPath }));
	}
}

async function planServiceWorker(
	dir: string,
	root: string,
	tasks: MeasureTask[],
	cacheStorageFolders: string[],
): Promise<void> {
	for (const entry of await entriesOrWhole(dir, root, 'service-worker-scripts', tasks)) {
		if (entry.name === 'CacheStorage' && entry.isDirectory) {
			const folders = await listFolder(entry.path);
			if (folders === null) tasks.push(task(entry.path, root, 'cache-storage'));
			for (const folder of folders ?? []) {
				if (canList(folder)) cacheStorageFolders.push(folder.path);
				else tasks.push(entryTask(folder, root, 'cache-storage'));
			}
		} else {
			// ScriptCache keys are resource numbers, not URLs: the scripts are measured whole.
			tasks.push(entryTask(entry, root, 'service-worker-scripts'));
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

async function planFileSystem(
	dir: string,
	root: string,
	tasks: MeasureTask[],
	context: ReadContext,
): Promise<void> {
	const folders = await readFileSystemOrigins(dir, context);
	await planPerChild(dir, root, 'file-system', tasks, (name) => folders.get(name) ?? null);
}

async function planWebStorage(
	dir: string,
	root: string,
	quota: QuotaBuckets,
	tasks: MeasureTask[],
	context: ReadContext,
): Promise<void> {
	for (const entry of await entriesOrWhole(dir, root, 'storage-bucket', tasks)) {
		if (!/^\d+$/.test(entry.name) || !entry.isDirectory) {
			tasks.push(entryTask(entry, root, 'browser-data'));
			continue;
		}
		const bucket = quota.buckets.get(Number(entry.name));
		const detail = bucket && bucket.name !== '_default' ? `bucket "${bucket.name}"` : null;
		const parts = await listFolder(entry.path);
		if (parts === null) {
			tasks.push(
				task(entry.path, root, 'storage-bucket', { site: bucket?.origin ?? null, detail }),
			);
			continue;
		}
		for (const part of parts) {
			const category = categoryOf(BUCKET_TYPES, part.name) ?? 'storage-bucket';
			let site = bucket?.origin ?? null;
			if (site === null && category === 'cache-storage' && canList(part)) {
				site = await cacheStorageFolderSite(part.path, new Map(), context);
			}
			tasks.push(entryTask(part, root, category, { site, detail }));
		}
	}
}

async function planExtensions(dir: string, root: string, tasks: MeasureTask[]): Promise<void> {
	for (const entry of await entriesOrWhole(dir, root, 'extension', tasks)) {
		if (!entry.isDirectory || !/^[a-p]{32}$/.test(entry.name)) {
			tasks.push(entryTask(entry, root, 'extension'));
			continue;
		}
		const site = `chrome-extension://${entry.name}`;
		const versions = (await listFolder(entry.path)) ?? [];
		const current = newestVersion(versions.filter(canList).map((version) => version.name));
		if (versions.length === 0) tasks.push(entryTask(entry, root, 'extension', { site }));
		for (const version of versions) {
			const old = version.isDirectory && version.name !== current;
			const category = old ? 'extension-old-version' : 'extension';
			const detail = old ? `version ${version.name}` : null;
			tasks.push(entryTask(version, root, category, { site, detail }));
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
	for (const entry of await entriesOrWhole(dir, root, category, tasks)) {
		const site = canList(entry) ? siteOf(entry.name) : null;
		tasks.push(entryTask(entry, root, category, { site }));
	}
}

// The entries of a folder to plan one by one; a folder that cannot be listed is measured whole.
async function entriesOrWhole(
	dir: string,
	root: string,
	category: StorageCategory,
	tasks: MeasureTask[],
): Promise<FolderEntry[]> {
	const entries = await listFolder(dir);
	if (entries === null) tasks.push(task(dir, root, category));
	return entries ?? [];
}
