import type { Dirent } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ProfileFolder {
	// The folder name ("Default", "Profile 1"), which the browser uses as the profile's id.
	dir: string;
	path: string;
	// The name a person gave it, from "Local State".
	name: string | null;
}

const PROFILE_DIR = /^(Default|Profile \d+|Guest Profile|System Profile)$/;
const MAX_LOCAL_STATE_BYTES = 16 * 1024 * 1024;

// Profile names from "Local State" (profile.info_cache). A missing or damaged file only costs
// the names, never the scan.
export async function readProfileNames(userDataDir: string): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	try {
		const text = await readFile(path.join(userDataDir, 'Local State'), 'utf8');
		if (text.length > MAX_LOCAL_STATE_BYTES) return names;
		const state = JSON.parse(text) as { profile?: { info_cache?: Record<string, unknown> } };
		for (const [dir, info] of Object.entries(state.profile?.info_cache ?? {})) {
			const name = (info as { name?: unknown } | null)?.name;
			if (typeof name === 'string') names.set(dir, name);
		}
	} catch {
		// Unreadable or not JSON: profiles are still found by their folders.
	}
	return names;
}

// The profile folders of a user-data folder: those "Local State" lists, those with the usual
// names, and any folder holding a "Preferences" file.
export async function listProfiles(userDataDir: string): Promise<ProfileFolder[]> {
	const names = await readProfileNames(userDataDir);
	let entries: Dirent[];
	try {
		entries = await readdir(userDataDir, { withFileTypes: true });
	} catch {
		return [];
	}
	const profiles: ProfileFolder[] = [];
	for (const entry of entries) {
		if (!entry.isDirectory()) continue;
		const full = path.join(userDataDir, entry.name);
		const isProfile =
			names.has(entry.name) ||
			PROFILE_DIR.test(entry.name) ||
			(await access(path.join(full, 'Preferences')).then(
				() => true,
				() => false,
			));
		if (isProfile)
			profiles.push({ dir: entry.name, path: full, name: names.get(entry.name) ?? null });
	}
	return profiles.sort((a, b) => a.dir.localeCompare(b.dir));
}
