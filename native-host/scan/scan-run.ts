import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScanProgress } from '../../shared/commands/scan.ts';
import type { BrowserInstall } from './installs.ts';
import { type InstallReport, type PlannedTask, planInstall } from './plan-install.ts';
import { throwIfCancelled } from './scan-cancelled.ts';
import { SCAN_DEFAULTS } from './scan-defaults.ts';
import { ItemCollector, type ScanItemRecord } from './scan-items.ts';
import { measureSimpleCache } from './simple-cache.ts';
import { WalkPool } from './walk-pool.ts';
import type { WalkProblem, WalkTotals } from './walk-totals.ts';

export type { InstallReport } from './plan-install.ts';

export interface ScanRunOptions {
	installs: readonly BrowserInstall[];
	signal?: AbortSignal | undefined;
	onProgress?: ((progress: ScanProgress) => void) | undefined;
	// At most one progress report per interval, plus one at every phase change.
	progressIntervalMs?: number;
	workers?: number;
	platform?: NodeJS.Platform;
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

const MAX_PROBLEMS = SCAN_DEFAULTS.maxProblems;

async function isDirectory(target: string): Promise<boolean> {
	return stat(target).then(
		(info) => info.isDirectory(),
		() => false,
	);
}

// Scans the given user-data folders: finds profiles, sorts every folder into a category (and a
// site where the layout tells), measures them all and ranks the items. Nothing is opened for
// writing, so a running browser is left undisturbed. Folders that do not exist are skipped. The
// few browser files read for names and sites are read bounded (see read-browser-file.ts).
export async function runScan(options: ScanRunOptions): Promise<ScanResult> {
	const started = Date.now();
	const { signal } = options;
	const interval = options.progressIntervalMs ?? 100;
	let lastProgress = 0;
	const progress: ScanProgress = {
		kind: 'progress',
		phase: 'discover',
		browser: null,
		folder: null,
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
	// Browser files skipped or unreadable while finding profiles and sites.
	const readProblems: WalkProblem[] = [];
	const count = (totals: WalkTotals) => {
		result.files += totals.files + totals.symlinks;
		result.unreadable += totals.unreadable;
		result.vanished += totals.vanished;
	};
	try {
		for (const install of options.installs) {
			throwIfCancelled(signal);
			if (!(await isDirectory(install.userDataDir))) continue;
			Object.assign(progress, {
				phase: 'discover',
				browser: install.browser,
				folder: path.basename(install.userDataDir).slice(0, 255),
				profile: null,
			});
			report(true);
			const { planned, installReport } = await planInstall(
				install,
				options.platform ?? process.platform,
				{ signal, problems: readProblems },
			);
			result.installs.push(installReport);
			if (!installReport.browserFolder) collector.markNotBrowserFolder(install.userDataDir);
			throwIfCancelled(signal);
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
		throwIfCancelled(signal);
	} finally {
		await pool.close();
	}
	result.items = collector.build();
	result.hardLinkOverflow = pool.hardLinks.overflow;
	result.problems.push(...[...readProblems, ...pool.problems].slice(0, MAX_PROBLEMS));
	result.durationMs = Date.now() - started;
	progress.phase = 'done';
	progress.allocatedBytes = result.items.reduce((sum, item) => sum + item.allocatedBytes, 0);
	report(true);
	return result;
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
		trees.map((entry) => entry.task.exactPath ?? entry.task.path),
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
		const inner = await pool.measure(
			measured.subfolders.map((subfolder) => subfolder.exactPath ?? subfolder.path),
			{ signal },
		);
		measured.subfolders.forEach((subfolder, index) => {
			const totals = inner[index];
			if (!totals) return;
			count(totals);
			const part = { ...entry.task, ...subfolder, kind: 'tree' as const, site: null };
			collector.add(install, entry.profile, part, totals);
		});
		pool.problems.push(
			...measured.problems.slice(0, Math.max(0, MAX_PROBLEMS - pool.problems.length)),
		);
	}
}
