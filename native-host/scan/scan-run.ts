import { randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScanProgress } from '../../shared/commands/scan.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import { browserRunning, type RunningReport } from './browser-running.ts';
import type { BrowserInstall } from './installs.ts';
import { BROWSER_WIDE_NAMES } from './layout-names.ts';
import { type MeasureTask, task } from './measure-task.ts';
import { planProfile } from './plan-profile.ts';
import { listProfiles, type ProfileFolder } from './profiles.ts';
import { type QuotaBuckets, type QuotaDatabaseStatus, readQuotaBuckets } from './quota-database.ts';
import { ItemCollector, type ProfileRef, type ScanItemRecord } from './scan-items.ts';
import { measureSimpleCache } from './simple-cache.ts';
import { WalkPool } from './walk-pool.ts';
import type { WalkProblem, WalkTotals } from './walk-totals.ts';

export interface ScanRunOptions {
	installs: readonly BrowserInstall[];
	signal?: AbortSignal | undefined;
	onProgress?: ((progress: ScanProgress) => void) | undefined;
	// At most one progress report per interval, plus one at every phase change.
	progressIntervalMs?: number;
	workers?: number;
	platform?: NodeJS.Platform;
}

export interface InstallReport {
	install: BrowserInstall;
	running: RunningReport;
	profiles: ProfileFolder[];
	quotaDatabases: QuotaDatabaseStatus[];
}

export interface ScanResult {
	scanId: string;
	scannedAt: Date;
	durationMs: number;
	// Ranked: the biggest culprit first.
	items: ScanItemRecord[];
	installs: InstallReport[];
	files: number;
	unreadable: number;
	vanished: number;
	hardLinkOverflow: number;
	problems: WalkProblem[];
}

interface PlannedTask {
	profile: ProfileRef | null;
	task: MeasureTask;
}

const NO_QUOTA: QuotaBuckets = { status: 'missing', buckets: new Map(), errorCode: null };
const MAX_PROBLEMS = 32;

async function list(dir: string): Promise<Dirent[]> {
	return readdir(dir, { withFileTypes: true }).catch(() => []);
}

async function isDirectory(target: string): Promise<boolean> {
	return stat(target).then(
		(info) => info.isDirectory(),
		() => false,
	);
}

function cancelled(): SafeDiskError {
	return new SafeDiskError('E_CANCELLED', 'The scan was cancelled.');
}

// Scans the given user-data folders: finds profiles, sorts every folder into a category (and a
// site where the layout tells), measures them all and ranks the items. Nothing is opened for
// writing, so a running browser is left undisturbed. Folders that do not exist are skipped.
export async function runScan(options: ScanRunOptions): Promise<ScanResult> {
	const started = Date.now();
	const { signal } = options;
	const interval = options.progressIntervalMs ?? 100;
	let lastProgress = 0;
	const progress: ScanProgress = {
		kind: 'progress',
		phase: 'discover',
		browser: null,
		profile: null,
		entries: 0,
		allocatedBytes: 0,
	};
	const report = (force: boolean) => {
		const now = Date.now();
		if (!options.onProgress || (!force && now - lastProgress < interval)) return;
		lastProgress = now;
		options.onProgress({ ...progress });
	};
	const pool = new WalkPool(options.workers === undefined ? {} : { workers: options.workers });
	const collector = new ItemCollector();
	const result: ScanResult = {
		scanId: randomUUID(),
		scannedAt: new Date(started),
		durationMs: 0,
		items: [],
		installs: [],
		files: 0,
		unreadable: 0,
		vanished: 0,
		hardLinkOverflow: 0,
		problems: [],
	};
	const count = (totals: WalkTotals) => {
		result.files += totals.files + totals.symlinks;
		result.unreadable += totals.unreadable;
		result.vanished += totals.vanished;
	};
	try {
		for (const install of options.installs) {
			if (signal?.aborted) throw cancelled();
			if (!(await isDirectory(install.userDataDir))) continue;
			Object.assign(progress, { phase: 'discover', browser: install.browser, profile: null });
			report(true);
			const { planned, installReport } = await planInstall(install, options.platform);
			result.installs.push(installReport);
			Object.assign(progress, { phase: 'measure' });
			report(true);
			const base = { entries: progress.entries, allocatedBytes: progress.allocatedBytes };
			const onProgress = (walked: { entries: number; allocatedBytes: number }) => {
				progress.entries = base.entries + walked.entries;
				progress.allocatedBytes = base.allocatedBytes + walked.allocatedBytes;
				report(false);
			};
			await measureInstall(install, planned, { pool, collector, signal, onProgress, count });
		}
		if (signal?.aborted) throw cancelled();
	} finally {
		await pool.close();
	}
	result.items = collector.build();
	result.hardLinkOverflow = pool.hardLinks.overflow;
	result.problems.push(...pool.problems.slice(0, MAX_PROBLEMS));
	result.durationMs = Date.now() - started;
	progress.phase = 'done';
	progress.allocatedBytes = result.items.reduce((sum, item) => sum + item.allocatedBytes, 0);
	report(true);
	return result;
}

async function planInstall(
	install: BrowserInstall,
	platform: NodeJS.Platform = process.platform,
): Promise<{ planned: PlannedTask[]; installReport: InstallReport }> {
	const running = await browserRunning(install.userDataDir, { platform });
	const profiles = await listProfiles(install.userDataDir);
	const profileDirs = new Set(profiles.map((profile) => profile.dir));
	const planned: PlannedTask[] = [];
	const quotaDatabases: QuotaDatabaseStatus[] = [];
	const browserWide = (entry: Dirent, root: string) => {
		const category = BROWSER_WIDE_NAMES[entry.name];
		const full = path.join(root, entry.name);
		const extra = category ? {} : { part: entry.name, detail: entry.name };
		planned.push({ profile: null, task: task(full, root, category ?? 'other', extra) });
	};
	for (const entry of await list(install.userDataDir)) {
		if (!profileDirs.has(entry.name)) browserWide(entry, install.userDataDir);
	}
	for (const profile of profiles) {
		const quota = await readQuotaBuckets(path.join(profile.path, 'WebStorage'));
		quotaDatabases.push(quota.status);
		const ref = { dir: profile.dir, name: profile.name };
		for (const profileTask of await planProfile(profile.path, install.userDataDir, quota)) {
			planned.push({ profile: ref, task: profileTask });
		}
	}
	for (const cacheRoot of install.cacheRoots) {
		for (const entry of await list(cacheRoot)) {
			const profile = profiles.find((candidate) => candidate.dir === entry.name);
			if (!profile || !entry.isDirectory()) {
				browserWide(entry, cacheRoot);
				continue;
			}
			const ref = { dir: profile.dir, name: profile.name };
			for (const mirrored of await planProfile(
				path.join(cacheRoot, entry.name),
				cacheRoot,
				NO_QUOTA,
			)) {
				planned.push({ profile: ref, task: mirrored });
			}
		}
	}
	return { planned, installReport: { install, running, profiles, quotaDatabases } };
}

interface MeasureContext {
	pool: WalkPool;
	collector: ItemCollector;
	signal: AbortSignal | undefined;
	onProgress: (walked: { entries: number; allocatedBytes: number }) => void;
	count: (totals: WalkTotals) => void;
}

async function measureInstall(
	install: BrowserInstall,
	planned: readonly PlannedTask[],
	context: MeasureContext,
): Promise<void> {
	const { pool, collector, signal, count } = context;
	const trees = planned.filter((entry) => entry.task.kind === 'tree');
	const caches = planned.filter((entry) => entry.task.kind === 'simple-cache');
	const treeTotals = await pool.measure(
		trees.map((entry) => entry.task.path),
		{ signal, onProgress: context.onProgress },
	);
	trees.forEach((entry, index) => {
		const totals = treeTotals[index];
		if (!totals) return;
		count(totals);
		collector.add(install, entry.profile, entry.task, totals);
	});
	// Shared cache folders: each site's entries are part of the folder, never the whole of it.
	for (const entry of caches) {
		const measured = await measureSimpleCache(entry.task.path, pool.hardLinks, signal);
		for (const [site, totals] of measured.sites) {
			count(totals);
			collector.add(install, entry.profile, { ...entry.task, site }, totals, false);
		}
		const inner = await pool.measure(measured.subfolders, { signal });
		measured.subfolders.forEach((subfolder, index) => {
			const totals = inner[index];
			if (!totals) return;
			count(totals);
			const part = { ...entry.task, kind: 'tree' as const, path: subfolder, site: null };
			collector.add(install, entry.profile, part, totals);
		});
		pool.problems.push(
			...measured.problems.slice(0, Math.max(0, MAX_PROBLEMS - pool.problems.length)),
		);
	}
}
