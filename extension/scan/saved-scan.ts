import browser from 'webextension-polyfill';
import { type ScanRun, scanRunSchema } from './scan-run.ts';

const SAVED_SCAN_KEY = 'lastScan';

// Enough to show the ranking again after the popup reopens, within extension storage limits.
const SAVED_ITEMS = 1500;

// The latest run, kept in extension storage so a reopened popup or the evidence page sees it.
export async function saveScan(run: ScanRun): Promise<void> {
	const items = run.items.slice(0, SAVED_ITEMS).map((item) => ({ ...item, paths: [] }));
	await browser.storage.local.set({ [SAVED_SCAN_KEY]: { ...run, items } });
}

export async function readSavedScan(): Promise<ScanRun | null> {
	const stored = await browser.storage.local.get(SAVED_SCAN_KEY);
	const parsed = scanRunSchema.safeParse(stored[SAVED_SCAN_KEY]);
	return parsed.success ? parsed.data : null;
}
