import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { browserRunning, type RunningReport } from './browser-running.ts';
import { type FolderEntry, listFolder } from './folder-entries.ts';
import type { BrowserInstall } from './installs.ts';
import { BROWSER_WIDE_NAMES, categoryOf } from './layout-names.ts';
import { entryTask, type MeasureTask } from './measure-task.ts';
import { planProfile } from './plan-profile.ts';
import { listProfiles, type ProfileFolder } from './profiles.ts';
import { type QuotaBuckets, type QuotaDatabaseStatus, readQuotaBuckets } from './quota-database.ts';
import type { ReadContext } from './read-browser-file.ts';
import { throwIfCancelled } from './scan-cancelled.ts';
import type { ProfileRef } from './scan-items.ts';

export interface InstallReport {
	install: BrowserInstall;
	running: RunningReport;
	profiles: ProfileFolder[];
	quotaDatabases: QuotaDatabaseStatus[];
	// Whether the folder holds a "Local State" file, as a browser's user-data folder does.
	browserFolder: boolean;
}

export interface PlannedTask {
	profile: ProfileRef | null;
	task: MeasureTask;
}

const NO_QUOTA: QuotaBuckets = { status: 'missing', buckets: new Map(), errorCode: null };

// The same test the host applies before it deletes anything: a regular "Local State" file,
// not a symlink, a folder or a FIFO.
export async function holdsLocalState(userDataDir: string): Promise<boolean> {
	const info = await lstat(path.join(userDataDir, 'Local State')).catch(() => null);
	return info?.isFile() ?? false;
}

// Finds the profiles of one user-data folder and sorts every folder in it, and in its cache
// folders, into measure tasks. Reads only what names profiles and sites, each read bounded.
export async function planInstall(
	install: BrowserInstall,
	platform: NodeJS.Platform,
	context: ReadContext,
): Promise<{ planned: PlannedTask[]; installReport: InstallReport }> {
	const { signal } = context;
	const running = await browserRunning(install.userDataDir, { platform });
	const browserFolder = await holdsLocalState(install.userDataDir);
	const profiles = await listProfiles(install.userDataDir, context);
	const profileDirs = new Set(profiles.map((profile) => profile.dir));
	const planned: PlannedTask[] = [];
	const quotaDatabases: QuotaDatabaseStatus[] = [];
	const browserWide = (entry: FolderEntry, root: string) => {
		const category = categoryOf(BROWSER_WIDE_NAMES, entry.name);
		const extra = category ? {} : { part: entry.name, detail: entry.name };
		planned.push({ profile: null, task: entryTask(entry, root, category ?? 'other', extra) });
	};
	for (const entry of (await listFolder(install.userDataDir)) ?? []) {
		if (entry.exactPath !== null || !profileDirs.has(entry.name)) {
			browserWide(entry, install.userDataDir);
		}
	}
	for (const profile of profiles) {
		throwIfCancelled(signal);
		const quota = await readQuotaBuckets(path.join(profile.path, 'WebStorage'), context);
		quotaDatabases.push(quota.status);
		const ref = { dir: profile.dir, name: profile.name };
		for (const profileTask of await planProfile(
			profile.path,
			install.userDataDir,
			quota,
			context,
		)) {
			planned.push({ profile: ref, task: profileTask });
		}
	}
	for (const cacheRoot of install.cacheRoots) {
		for (const entry of (await listFolder(cacheRoot)) ?? []) {
			throwIfCancelled(signal);
			const profile = profiles.find((candidate) => candidate.dir === entry.name);
			if (!profile || !entry.isDirectory || entry.exactPath !== null) {
				browserWide(entry, cacheRoot);
				continue;
			}
			const ref = { dir: profile.dir, name: profile.name };
			for (const mirrored of await planProfile(entry.path, cacheRoot, NO_QUOTA, context)) {
				planned.push({ profile: ref, task: mirrored });
			}
		}
	}
	return {
		planned,
		installReport: { install, running, profiles, quotaDatabases, browserFolder },
	};
}
