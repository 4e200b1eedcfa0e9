import type { ScanSummary } from '../../shared/commands/scan.ts';
import type { OwnProfile, RankedItem } from '../scan/scan-run.ts';

// chrome.browsingData acts only on the profile the extension runs in, and the browser does not
// say which folder that is. The scan does: SafeDisk's own extension storage
// ("Local Extension Settings/<id>") shows up as an item of that profile, in a browser folder that
// is not stopped. Two such profiles cannot be told apart, so neither is used.
export function findOwnProfile(
	items: readonly RankedItem[],
	browsers: readonly ScanSummary['browsers'][number][],
	extensionId: string,
): OwnProfile {
	const site = `chrome-extension://${extensionId}`;
	const stopped = new Set(
		browsers.filter((entry) => entry.running === 'not-running').map((entry) => entry.userDataDir),
	);
	const found = new Map<string, { userDataDir: string; profile: string }>();
	for (const item of items) {
		if (item.category !== 'extension' || item.site !== site || item.profile === null) continue;
		if (stopped.has(item.userDataDir)) continue;
		found.set(JSON.stringify([item.userDataDir, item.profile]), {
			userDataDir: item.userDataDir,
			profile: item.profile,
		});
	}
	const [only, ...others] = [...found.values()];
	if (!only) return { kind: 'not-found' };
	if (others.length > 0) return { kind: 'ambiguous', count: found.size };
	return { kind: 'found', ...only };
}

export function isOwnProfile(item: RankedItem, own: OwnProfile): boolean {
	return (
		own.kind === 'found' && item.userDataDir === own.userDataDir && item.profile === own.profile
	);
}
