import { DELETE_WINDOW_MS } from '../../shared/commands/delete-item.ts';
import type { BrowsingDataType } from '../../shared/storage-risk.ts';
import type { OwnProfile, RankedItem, ScanRun } from '../scan/scan-run.ts';
import { isOwnProfile } from './own-profile.ts';

// How an approved item is deleted: by the browser's own API where it can, else by the helper.
export type CleanupRoute =
	| { kind: 'browsing-data'; dataTypes: BrowsingDataType[]; origins: string[] }
	| { kind: 'host' };

export type Eligibility =
	| { eligible: true; route: CleanupRoute }
	| { eligible: false; why: string };

const OWN_PROFILE_WHY: Record<Exclude<OwnProfile['kind'], 'found'>, string> = {
	'not-found':
		'The browser can clear only the profile SafeDisk runs in, and SafeDisk did not find that profile among the scanned folders.',
	ambiguous:
		'SafeDisk runs in several scanned profiles and cannot tell which one is this one, so the browser cannot be asked to clear it.',
};

// Whether one item may be the free cleanup, and how. Only low-risk items are free.
export function freeCleanupEligibility(item: RankedItem, own: OwnProfile): Eligibility {
	if (item.risk !== 'low') return { eligible: false, why: 'Only low-risk items are free.' };
	if (item.browserApi !== null) {
		const { dataTypes, origins } = item.browserApi;
		if (isOwnProfile(item, own) && origins !== null)
			return { eligible: true, route: { kind: 'browsing-data', dataTypes, origins } };
		if (isOwnProfile(item, own) && !item.hostDeletable) {
			// Without a site to filter on, the browser would clear far more than this one item.
			return {
				eligible: false,
				why: 'The browser clears this only together with the same data of every site, which is more than the item you approve.',
			};
		}
		if (!item.hostDeletable) {
			if (own.kind !== 'found') return { eligible: false, why: OWN_PROFILE_WHY[own.kind] };
			return {
				eligible: false,
				why: `It belongs to ${item.browserLabel}${item.profileName ? ` (${item.profileName})` : ''}; the browser can clear only the profile SafeDisk runs in. Open SafeDisk there to free it.`,
			};
		}
	}
	if (item.hostDeletable) return { eligible: true, route: { kind: 'host' } };
	return {
		eligible: false,
		why: 'Neither the browser nor the SafeDisk helper can delete it safely.',
	};
}

export interface Candidate {
	item: RankedItem;
	eligibility: Eligibility;
}

// The low-risk items a person may pick from, biggest first, then the biggest ones that cannot be
// freed here, each with the reason.
export function freeCleanupCandidates(
	items: readonly RankedItem[],
	own: OwnProfile,
	limits = { eligible: 6, ineligible: 3 },
): Candidate[] {
	const low = items
		.filter((item) => item.risk === 'low' && item.allocatedBytes > 0)
		.sort((a, b) => b.allocatedBytes - a.allocatedBytes)
		.map((item) => ({ item, eligibility: freeCleanupEligibility(item, own) }));
	return [
		...low.filter((candidate) => candidate.eligibility.eligible).slice(0, limits.eligible),
		...low.filter((candidate) => !candidate.eligibility.eligible).slice(0, limits.ineligible),
	];
}

// Why a run's browser-wide folders cannot go through the helper from this popup, or null. A run of
// this popup has the connections that scanned it; a saved run of an earlier popup goes through this
// popup's own connection, from the helper's saved scan, for the delete window after the scan.
export function hostRouteBlocked(
	run: Pick<ScanRun, 'scannedAt'>,
	live: boolean,
	helperConnected: boolean,
	now: number,
): string | null {
	if (live) return null;
	if (now - Date.parse(run.scannedAt) > DELETE_WINDOW_MS)
		return `The helper deletes only from scans of the last ${DELETE_WINDOW_MS / 60_000} minutes; scan again to free this.`;
	if (!helperConnected) return 'The SafeDisk helper is not connected (see above).';
	return null;
}

export function withoutHostRoute(candidate: Candidate, why: string): Candidate {
	if (!candidate.eligibility.eligible || candidate.eligibility.route.kind !== 'host')
		return candidate;
	return { ...candidate, eligibility: { eligible: false, why } };
}
