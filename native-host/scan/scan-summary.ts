import { SCAN_LIMITS, type ScanItem, type ScanSummary } from '../../shared/commands/scan.ts';
import { isReclaimable, RISK_LEVELS, STORAGE_CATEGORIES } from '../../shared/storage-risk.ts';
import type { ScanItemRecord } from './scan-items.ts';
import type { ScanResult } from './scan-run.ts';

// The wire form of an item: the record without the host-only location details.
export function toWireItem(record: ScanItemRecord): ScanItem {
	const { locations: _locations, unreadable: _unreadable, vanished: _vanished, ...item } = record;
	return item;
}

// A bounded summary of a scan: totals per risk and category, the folders and profiles found,
// and what could not be read. Its size does not depend on the number of items.
export function summarizeScan(result: ScanResult, pageCount: number): ScanSummary {
	const byRisk = Object.fromEntries(
		RISK_LEVELS.map((risk) => [risk, { allocatedBytes: 0, reclaimableBytes: 0, items: 0 }]),
	) as ScanSummary['byRisk'];
	const byCategory = new Map(
		STORAGE_CATEGORIES.map((category) => [category, { allocatedBytes: 0, items: 0 }]),
	);
	const perInstall = new Map<string, { total: number; profiles: Map<string, number> }>();
	let allocatedBytes = 0;
	let apparentBytes = 0;
	for (const item of result.items) {
		allocatedBytes += item.allocatedBytes;
		apparentBytes += item.apparentBytes;
		const risk = byRisk[item.risk];
		risk.allocatedBytes += item.allocatedBytes;
		risk.items += 1;
		if (isReclaimable(item.category) && (item.hostDeletable || item.browserApi !== null)) {
			risk.reclaimableBytes += item.allocatedBytes;
		}
		const category = byCategory.get(item.category);
		if (category) {
			category.allocatedBytes += item.allocatedBytes;
			category.items += 1;
		}
		const install = perInstall.get(item.userDataDir) ?? { total: 0, profiles: new Map() };
		install.total += item.allocatedBytes;
		if (item.profile !== null) {
			install.profiles.set(
				item.profile,
				(install.profiles.get(item.profile) ?? 0) + item.allocatedBytes,
			);
		}
		perInstall.set(item.userDataDir, install);
	}
	let profileBudget: number = SCAN_LIMITS.profilesInSummary;
	const browsers = result.installs.slice(0, SCAN_LIMITS.browsersInSummary).map((report) => {
		const sizes = perInstall.get(report.install.userDataDir);
		const profiles = report.profiles.slice(0, Math.max(0, profileBudget)).map((profile) => ({
			dir: profile.dir.slice(0, 255),
			name: profile.name?.slice(0, 255) ?? null,
			allocatedBytes: sizes?.profiles.get(profile.dir) ?? 0,
		}));
		profileBudget -= profiles.length;
		const statuses = new Set(report.quotaDatabases);
		return {
			browser: report.install.browser,
			label: report.install.label.slice(0, 64),
			userDataDir: report.install.userDataDir.slice(0, SCAN_LIMITS.pathChars),
			running: report.running.state,
			allocatedBytes: sizes?.total ?? 0,
			quotaDatabase:
				statuses.size > 1 ? ('mixed' as const) : ([...statuses][0] ?? ('missing' as const)),
			profiles,
			profilesOmitted: report.profiles.length - profiles.length,
		};
	});
	return {
		scanId: result.scanId,
		scannedAt: result.scannedAt.toISOString(),
		durationMs: result.durationMs,
		itemCount: result.items.length,
		pageCount,
		allocatedBytes,
		apparentBytes,
		files: result.files,
		byRisk,
		byCategory: [...byCategory]
			.filter(([, totals]) => totals.items > 0)
			.map(([category, totals]) => ({ category, ...totals }))
			.sort((a, b) => b.allocatedBytes - a.allocatedBytes),
		browsers,
		browsersOmitted: Math.max(0, result.installs.length - browsers.length),
		topItemIds: result.items.slice(0, SCAN_LIMITS.topItemsInSummary).map((item) => item.id),
		unreadable: result.unreadable,
		vanished: result.vanished,
		hardLinkOverflow: result.hardLinkOverflow,
		problems: result.problems.slice(0, SCAN_LIMITS.problemsInSummary).map((problem) => ({
			path: problem.path.slice(0, SCAN_LIMITS.pathChars),
			code: problem.code.slice(0, 64),
			kind: problem.kind,
		})),
	};
}
