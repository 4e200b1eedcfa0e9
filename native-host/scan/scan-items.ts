import { createHash } from 'node:crypto';
import { SCAN_LIMITS, type ScanItem } from '../../shared/commands/scan.ts';
import { CATEGORY_RISK, type StorageCategory } from '../../shared/storage-risk.ts';
import type { BrowserInstall } from './installs.ts';
import type { MeasureTask } from './measure-task.ts';
import { addTotals, emptyTotals, type WalkTotals } from './walk-totals.ts';

// A path an item occupies; `whole` is false when the path does not name exactly what the item
// measured, and the host must then never delete by path: one site's entries in a shared cache
// folder, or a folder whose name is not valid UTF-8 (shown with escapes, measured by its bytes).
export interface ItemLocation {
	path: string;
	root: string;
	whole: boolean;
}

export interface ScanItemRecord extends ScanItem {
	locations: ItemLocation[];
	unreadable: number;
	vanished: number;
}

export interface ProfileRef {
	dir: string;
	name: string | null;
}

interface Accumulated {
	install: BrowserInstall;
	profile: ProfileRef | null;
	task: MeasureTask;
	totals: WalkTotals;
	locations: Map<string, ItemLocation>;
	details: Set<string>;
}

// Stable across scans of the same data, so a delete can name an item from an earlier listing.
export function itemId(parts: readonly (string | null)[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

// Gathers measured tasks into items: one per browser folder, profile, category, site and part.
export class ItemCollector {
	readonly #items = new Map<string, Accumulated>();
	readonly #notBrowserFolders = new Set<string>();

	// The host deletes only inside a folder holding a "Local State" file (a browser's user-data
	// folder); items of any other folder are listed, but never offered for deletion by the host.
	markNotBrowserFolder(userDataDir: string): void {
		this.#notBrowserFolders.add(userDataDir);
	}

	add(
		install: BrowserInstall,
		profile: ProfileRef | null,
		task: MeasureTask,
		totals: WalkTotals,
		whole = true,
	): void {
		const id = itemId([
			install.browser,
			install.userDataDir,
			profile?.dir ?? null,
			task.category,
			task.site,
			task.part,
		]);
		let item = this.#items.get(id);
		if (!item) {
			item = {
				install,
				profile,
				task,
				totals: emptyTotals(),
				locations: new Map(),
				details: new Set(),
			};
			this.#items.set(id, item);
		}
		addTotals(item.totals, totals);
		const named = whole && task.exactPath === null;
		const known = item.locations.get(task.path);
		if (!known) item.locations.set(task.path, { path: task.path, root: task.root, whole: named });
		else if (!named) known.whole = false;
		if (task.detail !== null) item.details.add(task.detail);
	}

	build(): ScanItemRecord[] {
		const records: ScanItemRecord[] = [];
		for (const [id, item] of this.#items) {
			// Folders that hold nothing at all are not worth a line.
			if (item.totals.allocatedBytes === 0 && item.totals.apparentBytes === 0) continue;
			records.push(toRecord(id, item, !this.#notBrowserFolders.has(item.install.userDataDir)));
		}
		return records.sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.id.localeCompare(b.id));
	}
}

// Site data whose browser API removal without an origin filter would wipe every site's data:
// offered only for items that name their site.
const SITE_DATA = new Set<StorageCategory>([
	'cache-storage',
	'service-worker-scripts',
	'indexeddb',
	'file-system',
	'storage-bucket',
]);

const NOT_A_BROWSER_FOLDER =
	' SafeDisk does not delete it here: this folder holds no "Local State" file, so it may not be a browser folder.';

function toRecord(id: string, item: Accumulated, inBrowserFolder: boolean): ScanItemRecord {
	const { install, profile, task, totals } = item;
	const risk = CATEGORY_RISK[task.category];
	const locations = [...item.locations.values()];
	const refused = risk.hostDeletable && !inBrowserFolder;
	const site = task.site === null ? null : task.site.slice(0, SCAN_LIMITS.siteChars);
	const details = [...item.details].sort();
	return {
		id,
		browser: install.browser,
		browserLabel: install.label.slice(0, 64),
		userDataDir: install.userDataDir.slice(0, SCAN_LIMITS.pathChars),
		profile: profile?.dir.slice(0, 255) ?? null,
		profileName: profile?.name?.slice(0, 255) ?? null,
		category: task.category,
		site,
		detail: details.length === 0 ? null : details.join(', ').slice(0, 512),
		allocatedBytes: totals.allocatedBytes,
		apparentBytes: totals.apparentBytes,
		files: totals.files + totals.symlinks,
		risk: risk.risk,
		consequence: refused ? `${risk.consequence}${NOT_A_BROWSER_FOLDER}` : risk.consequence,
		hostDeletable:
			risk.hostDeletable && inBrowserFolder && locations.every((location) => location.whole),
		browserApi:
			risk.browsingData === null || (site === null && SITE_DATA.has(task.category))
				? null
				: { dataTypes: [...risk.browsingData], origins: site === null ? null : [site] },
		paths: locations
			.slice(0, SCAN_LIMITS.pathsPerItem)
			.map((location) => location.path.slice(0, SCAN_LIMITS.pathChars)),
		pathCount: locations.length,
		locations,
		unreadable: totals.unreadable,
		vanished: totals.vanished,
	};
}
