import { lstat, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import { HOST_NAME } from '../../shared/extension-id.ts';
import { browserLocations, type PlatformEnvironment } from '../browsers/catalog.ts';
import {
	emptyRecord,
	RECORD_FILE,
	readInstallRecord,
	writeInstallRecord,
} from './install-record.ts';
import {
	deleteRegistryKey,
	type RegistryRunner,
	readRegistryKey,
	systemRegistryRunner,
} from './registry.ts';
import { removeEmptyFolders } from './safe-write.ts';
import { stateDirectory } from './state-dir.ts';
import { parseWrapper, wrapperFileName } from './wrapper.ts';

export interface UninstallResult {
	removed: string[];
	// Found where SafeDisk wrote it, but changed since: it no longer belongs to SafeDisk.
	kept: Array<{ item: string; reason: string }>;
	// Could not be removed; the install record keeps them so the next uninstall tries again.
	failed: SafeDiskError[];
}

export interface UninstallOptions {
	registry?: RegistryRunner;
}

// Removes what install wrote, and only that. A manifest goes only while it is a plain file that
// still names SafeDisk's host and this wrapper; a registry key only while it still points at
// SafeDisk's manifest; the wrapper only while it is still a SafeDisk wrapper. The standard
// manifest folders are searched too, so registrations a lost record forgot are found.
export async function uninstall(
	system: PlatformEnvironment,
	options: UninstallOptions = {},
): Promise<UninstallResult> {
	const paths = system.platform === 'win32' ? path.win32 : path.posix;
	const stateDir = stateDirectory(system);
	const record = await readInstallRecord(stateDir);
	const wrapperPath = record?.wrapperPath ?? paths.join(stateDir, wrapperFileName(system.platform));
	const result: UninstallResult = { removed: [], kept: [], failed: [] };
	const remaining = emptyRecord(wrapperPath);

	const recordedKeys = record?.registryKeys ?? [];
	const keys = new Map(recordedKeys.map((entry) => [entry.key.toLowerCase(), entry]));
	const ownManifest = paths.join(stateDir, `${HOST_NAME}.json`);
	for (const location of browserLocations(system)) {
		if (location.registryKey === null) continue;
		const key = `${location.registryKey}\\${HOST_NAME}`;
		if (!keys.has(key.toLowerCase()))
			keys.set(key.toLowerCase(), { ...refFor(location.label), key, manifestPath: ownManifest });
	}
	if (keys.size > 0) {
		const registry = options.registry ?? systemRegistryRunner(process.env);
		for (const entry of keys.values()) {
			try {
				const value = await readRegistryKey(registry, entry.key);
				if (value === null) continue;
				if (value.toLowerCase() !== entry.manifestPath.toLowerCase()) {
					result.kept.push({ item: entry.key, reason: `it now points at ${value}` });
					continue;
				}
				await deleteRegistryKey(registry, entry.key);
				result.removed.push(entry.key);
			} catch (error) {
				result.failed.push(error as SafeDiskError);
				remaining.registryKeys.push(entry);
			}
		}
	}

	const manifests = new Set((record?.manifests ?? []).map((entry) => entry.path));
	const recorded = new Set(manifests);
	for (const location of browserLocations(system)) {
		if (location.nativeHostDir !== null)
			manifests.add(paths.join(location.nativeHostDir, `${HOST_NAME}.json`));
	}
	if (system.platform === 'win32') manifests.add(ownManifest);
	for (const manifestPath of manifests) {
		const verdict = await manifestVerdict(manifestPath, wrapperPath);
		if (verdict === 'absent') continue;
		if (verdict !== 'ours') {
			if (recorded.has(manifestPath)) result.kept.push({ item: manifestPath, reason: verdict });
			continue;
		}
		try {
			await rm(manifestPath);
			result.removed.push(manifestPath);
		} catch (error) {
			result.failed.push(removalError(manifestPath, error));
			remaining.manifests.push({ ...refFor(manifestPath), path: manifestPath });
		}
	}

	const wrapper = await wrapperVerdict(wrapperPath);
	if (wrapper === 'ours') {
		try {
			await rm(wrapperPath);
			result.removed.push(wrapperPath);
		} catch (error) {
			result.failed.push(removalError(wrapperPath, error));
		}
	} else if (wrapper !== 'absent' && record !== null) {
		result.kept.push({ item: wrapperPath, reason: wrapper });
	}

	if (result.failed.length > 0) {
		remaining.createdDirs = record?.createdDirs ?? [];
		await writeInstallRecord(stateDir, remaining);
		return result;
	}
	await rm(paths.join(stateDir, RECORD_FILE), { force: true });
	if (record !== null) result.removed.push(paths.join(stateDir, RECORD_FILE));
	result.removed.push(...(await removeEmptyFolders(record?.createdDirs ?? [])));
	return result;
}

function refFor(label: string) {
	return { label, browser: null, userDataDir: null };
}

function removalError(item: string, error: unknown): SafeDiskError {
	return new SafeDiskError('E_PERMISSION', `Could not remove ${item}.`, {
		cause: error,
		path: item,
	});
}

async function manifestVerdict(manifestPath: string, wrapperPath: string): Promise<string> {
	try {
		const info = await lstat(manifestPath);
		if (!info.isFile()) return 'it is no longer a plain file';
		const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
		if (typeof manifest.name !== 'string') return 'it no longer names a host';
		if (manifest.name !== HOST_NAME) return `it names another host (${manifest.name})`;
		if (manifest.path !== wrapperPath)
			return `it starts ${String(manifest.path)}, not ${wrapperPath}`;
		return 'ours';
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
		return 'it is not a manifest SafeDisk can read';
	}
}

async function wrapperVerdict(wrapperPath: string): Promise<string> {
	try {
		const info = await lstat(wrapperPath);
		if (!info.isFile()) return 'it is no longer a plain file';
		if (parseWrapper(await readFile(wrapperPath, 'utf8')) === null)
			return 'it is not a SafeDisk host wrapper';
		return 'ours';
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
		return 'it cannot be read';
	}
}
