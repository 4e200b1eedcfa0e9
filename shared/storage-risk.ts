// What each kind of browser storage is, how risky deleting it is, and who can delete it.
// The scan labels every item from this table; the extension shows the same words.

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

// What deleting costs, one plain sentence per risk level.
export const RISK_MEANING: Record<RiskLevel, string> = {
	low: 'Regenerable cache: pages load a little slower the next time.',
	medium: 'Re-downloaded when needed; offline content is lost until then.',
	high: 'Sign-outs, lost site data or lost user files.',
};

export const STORAGE_CATEGORIES = [
	'http-cache',
	'code-cache',
	'gpu-cache',
	'shader-cache',
	'cache-storage',
	'service-worker-scripts',
	'indexeddb',
	'file-system',
	'local-storage',
	'session-storage',
	'storage-bucket',
	'extension',
	'extension-old-version',
	'on-device-model',
	'crash-reports',
	'component-cache',
	'snapshots',
	'browser-data',
	'other',
] as const;
export type StorageCategory = (typeof STORAGE_CATEGORIES)[number];

// The data types of chrome.browsingData.remove() that clear a category, when one exists.
export const BROWSING_DATA_TYPES = [
	'cache',
	'cacheStorage',
	'fileSystems',
	'indexedDB',
	'localStorage',
	'serviceWorkers',
] as const;
export type BrowsingDataType = (typeof BROWSING_DATA_TYPES)[number];

export interface CategoryRisk {
	label: string;
	risk: RiskLevel;
	// What deleting this item costs, in one sentence a person understands.
	consequence: string;
	// The host may delete it itself: only regenerable, browser-wide folders.
	hostDeletable: boolean;
	// The browser's own API that clears it (with an origin filter when the item names a site).
	browsingData: readonly BrowsingDataType[] | null;
}

export const CATEGORY_RISK: Record<StorageCategory, CategoryRisk> = {
	'http-cache': {
		label: 'HTTP cache',
		risk: 'low',
		consequence: 'Cached pages and files are fetched again, so the next visit loads slower.',
		hostDeletable: false,
		browsingData: ['cache'],
	},
	'code-cache': {
		label: 'Code cache',
		risk: 'low',
		consequence: 'Scripts are compiled again, so the next visit starts a little slower.',
		hostDeletable: false,
		browsingData: ['cache'],
	},
	'gpu-cache': {
		label: 'GPU cache',
		risk: 'low',
		consequence: 'Graphics programs are rebuilt, so pages may render slower at first.',
		hostDeletable: false,
		browsingData: ['cache'],
	},
	'shader-cache': {
		label: 'Shader cache',
		risk: 'low',
		consequence: 'Shaders are compiled again the next time the browser draws with the GPU.',
		hostDeletable: true,
		browsingData: null,
	},
	'cache-storage': {
		label: 'Service Worker cache',
		risk: 'medium',
		consequence: 'Offline copies kept by the site are lost and downloaded again when needed.',
		hostDeletable: false,
		browsingData: ['cacheStorage'],
	},
	'service-worker-scripts': {
		label: 'Service Worker scripts',
		risk: 'medium',
		consequence: 'Offline support and notifications stop until the site installs its worker again.',
		hostDeletable: false,
		browsingData: ['serviceWorkers'],
	},
	indexeddb: {
		label: 'IndexedDB',
		risk: 'high',
		consequence: 'Data the site keeps on this computer is lost: drafts, offline mail, settings.',
		hostDeletable: false,
		browsingData: ['indexedDB'],
	},
	'file-system': {
		label: 'File System',
		risk: 'high',
		consequence: 'Files the site saved on this computer are deleted.',
		hostDeletable: false,
		browsingData: ['fileSystems'],
	},
	'local-storage': {
		label: 'Local Storage',
		risk: 'high',
		consequence: 'Sites forget their settings and may sign you out.',
		hostDeletable: false,
		browsingData: ['localStorage'],
	},
	'session-storage': {
		label: 'Session Storage',
		risk: 'medium',
		consequence: 'Open and restored tabs lose unsaved form and page state.',
		hostDeletable: false,
		browsingData: null,
	},
	'storage-bucket': {
		label: 'Storage bucket',
		risk: 'high',
		consequence: 'Data a site stored in a named bucket is lost, offline content included.',
		hostDeletable: false,
		browsingData: ['cacheStorage', 'indexedDB', 'fileSystems'],
	},
	extension: {
		label: 'Extension',
		risk: 'high',
		consequence: 'The extension and its settings are removed; reinstall it to get it back.',
		hostDeletable: false,
		browsingData: null,
	},
	'extension-old-version': {
		label: 'Old extension version',
		risk: 'low',
		consequence: 'An older copy the browser no longer loads; it removes it at its next cleanup.',
		hostDeletable: false,
		browsingData: null,
	},
	'on-device-model': {
		label: 'On-device AI model',
		risk: 'medium',
		consequence: 'The model (often several GB) is downloaded again when an AI feature is used.',
		hostDeletable: true,
		browsingData: null,
	},
	'crash-reports': {
		label: 'Crash reports',
		risk: 'low',
		consequence: 'Old crash and diagnostic reports are gone; nothing else changes.',
		hostDeletable: true,
		browsingData: null,
	},
	'component-cache': {
		label: 'Component cache',
		risk: 'low',
		consequence: 'The browser downloads its helper components again in the background.',
		hostDeletable: true,
		browsingData: null,
	},
	snapshots: {
		label: 'Profile snapshots',
		risk: 'low',
		consequence: 'Copies kept only for a browser downgrade are gone; current data stays.',
		hostDeletable: true,
		browsingData: null,
	},
	'browser-data': {
		label: 'History, cookies, passwords and settings',
		risk: 'high',
		consequence: 'History, sign-ins, saved passwords or settings would be lost.',
		hostDeletable: false,
		browsingData: null,
	},
	other: {
		label: 'Other',
		risk: 'high',
		consequence: 'Not recognised by SafeDisk; deleting it could lose data the browser needs.',
		hostDeletable: false,
		browsingData: null,
	},
};

// Whether anyone can delete the item: the host itself or the browser through its API.
export function isReclaimable(category: StorageCategory): boolean {
	const risk = CATEGORY_RISK[category];
	return risk.hostDeletable || risk.browsingData !== null;
}
