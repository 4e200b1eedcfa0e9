import browser from 'webextension-polyfill';
import { z } from 'zod';

// Where the Deep Cleanup offer leads until the user sets another address on the options page.
export const DEFAULT_DEEP_CLEANUP_URL = 'https://safedisk.example/deep-cleanup';

const SETTINGS_KEY = 'settings';

const settingsSchema = z.object({
	// User-data folders scanned in addition to the browsers SafeDisk finds by itself.
	scanFolders: z.array(z.string()).catch([]),
	// Lock directories the user added; the helper checked each one before it was stored.
	lockDirs: z.array(z.string()).catch([]),
	deepCleanupUrl: z.string().catch(DEFAULT_DEEP_CLEANUP_URL),
});
export type Settings = z.infer<typeof settingsSchema>;

export async function readSettings(): Promise<Settings> {
	const stored = await browser.storage.local.get(SETTINGS_KEY);
	return settingsSchema.parse(stored[SETTINGS_KEY] ?? {});
}

export async function updateSettings(change: Partial<Settings>): Promise<Settings> {
	const next = { ...(await readSettings()), ...change };
	await browser.storage.local.set({ [SETTINGS_KEY]: next });
	return next;
}

export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
	const handle = (changes: Record<string, { newValue?: unknown }>, area: string) => {
		if (area === 'local' && SETTINGS_KEY in changes)
			listener(settingsSchema.parse(changes[SETTINGS_KEY]?.newValue ?? {}));
	};
	browser.storage.onChanged.addListener(handle);
	return () => browser.storage.onChanged.removeListener(handle);
}

// Only web addresses may stand behind the offer's link.
export function isDeepCleanupUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}
