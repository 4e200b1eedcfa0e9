import { access } from 'node:fs/promises';
import path from 'node:path';
import { listFolder } from './folder-entries.ts';
import { type ReadContext, readBrowserFile } from './read-browser-file.ts';
import { throwIfCancelled } from './scan-cancelled.ts';
import { SCAN_DEFAULTS } from './scan-defaults.ts';

export interface ProfileFolder {
	// The folder name ("Default", "Profile 1"), which the browser uses as the profile's id.
	dir: string;
	path: string;
	// The name a person gave it, from "Local State".
	name: string | null;
}

const PROFILE_DIR = /^(Default|Profile \d+|Guest Profile|System Profile)$/;

// Profile names from "Local State" (profile.info_cache). A missing, oversized or damaged file
// only costs the names, never the scan; a cancel still ends it.
export async function readProfileNames(
	userDataDir: string,
	context: ReadContext = {},
): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const read = await readBrowserFile(
		path.join(userDataDir, 'Local State'),
		SCAN_DEFAULTS.localStateBytes,
		context,
	);
	if (read.status !== 'ok') return names;
	try {
		const state = JSON.parse(read.bytes.toString('utf8')) as {
			profile?: { info_cache?: Record<string, unknown> };
		};
		for (const [dir, info] of Object.entries(state.profile?.info_cache ?? {})) {
			const name = (info as { name?: unknown } | null)?.name;
			if (typeof name === 'string') names.set(dir, name);
		}
	} catch {
		// Not JSON: profiles are still found by their folders.
	}
	return names;
}

// The profile folders of a user-data folder: those "Local State" lists, those with the usual
// names, and any folder holding a "Preferences" file. A folder whose name is not valid UTF-8 is
// no profile the browser made; it is measured as a folder of its own.
export async function listProfiles(
	userDataDir: string,
	context: ReadContext = {},
): Promise<ProfileFolder[]> {
	const names = await readProfileNames(userDataDir, context);
	const entries = await listFolder(userDataDir);
	if (entries === null) return [];
	const profiles: ProfileFolder[] = [];
	for (const entry of entries) {
		throwIfCancelled(context.signal);
		if (!entry.isDirectory || entry.exactPath !== null) continue;
		const isProfile =
			names.has(entry.name) ||
			PROFILE_DIR.test(entry.name) ||
			(await access(path.join(entry.path, 'Preferences')).then(
				() => true,
				() => false,
			));
		if (isProfile)
			profiles.push({ dir: entry.name, path: entry.path, name: names.get(entry.name) ?? null });
	}
	return profiles.sort((a, b) => a.dir.localeCompare(b.dir));
}
