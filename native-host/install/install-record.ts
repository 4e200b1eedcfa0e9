import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HOST_NAME } from '../../shared/extension-id.ts';
import type { BrowserId } from '../browsers/catalog.ts';
import { writeFileAtomically } from './safe-write.ts';

// Who a registration serves: a browser's standard profile folder, or a --user-data-dir.
export interface TargetRef {
	label: string;
	browser: BrowserId | null;
	userDataDir: string | null;
}

export interface RecordedManifest extends TargetRef {
	path: string;
}

export interface RecordedRegistryKey extends TargetRef {
	key: string;
	manifestPath: string;
}

// Everything install wrote, accumulated over every run, so uninstall removes all of it and only it.
export interface InstallRecord {
	version: 2;
	wrapperPath: string;
	manifests: RecordedManifest[];
	registryKeys: RecordedRegistryKey[];
	// Folders install created; uninstall removes them again only while they are empty.
	createdDirs: string[];
}

export const RECORD_FILE = 'install.json';

export function emptyRecord(wrapperPath: string): InstallRecord {
	return { version: 2, wrapperPath, manifests: [], registryKeys: [], createdDirs: [] };
}

export async function readInstallRecord(stateDir: string): Promise<InstallRecord | null> {
	let text: string;
	try {
		text = await readFile(path.join(stateDir, RECORD_FILE), 'utf8');
	} catch {
		return null;
	}
	try {
		return normaliseRecord(JSON.parse(text));
	} catch {
		return null;
	}
}

// Records written by earlier versions listed bare paths and keys.
export function normaliseRecord(value: unknown): InstallRecord | null {
	if (typeof value !== 'object' || value === null) return null;
	const raw = value as Record<string, unknown>;
	if (typeof raw.wrapperPath !== 'string') return null;
	const record = emptyRecord(raw.wrapperPath);
	const bare = (label: string): TargetRef => ({ label, browser: null, userDataDir: null });
	for (const entry of Array.isArray(raw.manifests) ? raw.manifests : []) {
		if (typeof entry === 'string') record.manifests.push({ ...bare(entry), path: entry });
		else if (isObject(entry) && typeof entry.path === 'string')
			record.manifests.push(entry as unknown as RecordedManifest);
	}
	for (const entry of Array.isArray(raw.registryKeys) ? raw.registryKeys : []) {
		if (typeof entry === 'string') {
			const stateDir = path.win32.dirname(raw.wrapperPath);
			const manifestPath = path.win32.join(stateDir, `${HOST_NAME}.json`);
			record.registryKeys.push({ ...bare(entry), key: entry, manifestPath });
		} else if (isObject(entry) && typeof entry.key === 'string')
			record.registryKeys.push(entry as unknown as RecordedRegistryKey);
	}
	if (Array.isArray(raw.createdDirs))
		record.createdDirs = raw.createdDirs.filter((dir) => typeof dir === 'string');
	return record;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

// A second install with other browsers adds to the first record instead of replacing it.
export function mergeRecords(previous: InstallRecord | null, next: InstallRecord): InstallRecord {
	if (!previous) return next;
	const manifests = new Map(previous.manifests.map((entry) => [entry.path, entry]));
	for (const entry of next.manifests) manifests.set(entry.path, entry);
	const keys = new Map(previous.registryKeys.map((entry) => [entry.key.toLowerCase(), entry]));
	for (const entry of next.registryKeys) keys.set(entry.key.toLowerCase(), entry);
	return {
		version: 2,
		wrapperPath: next.wrapperPath,
		manifests: [...manifests.values()],
		registryKeys: [...keys.values()],
		createdDirs: [...new Set([...previous.createdDirs, ...next.createdDirs])],
	};
}

export async function writeInstallRecord(stateDir: string, record: InstallRecord): Promise<void> {
	await writeFileAtomically(
		path.join(stateDir, RECORD_FILE),
		`${JSON.stringify(record, null, 2)}\n`,
		0o644,
	);
}
