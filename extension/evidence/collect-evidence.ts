import type { EvidenceInput, EvidenceScan } from '../../shared/evidence-report.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import type { CommandReply } from '../../shared/protocol.ts';
import { RISK_LEVELS } from '../../shared/storage-risk.ts';
import type { ClaimRecord } from '../cleanup/claim-protocol.ts';
import { reclaimableAfter } from '../cleanup/remaining.ts';
import type { ScanRun } from '../scan/scan-run.ts';
import { collectVersions } from './versions.ts';

// How many of the biggest items the report lists.
const REPORT_CULPRITS = 15;

export function evidenceScan(run: ScanRun, record: ClaimRecord | null): EvidenceScan {
	const byRisk = Object.fromEntries(
		RISK_LEVELS.map((risk) => [risk, { allocatedBytes: 0, reclaimableBytes: 0, items: 0 }]),
	) as EvidenceScan['byRisk'];
	for (const { summary } of run.parts) {
		for (const risk of RISK_LEVELS) {
			byRisk[risk].allocatedBytes += summary.byRisk[risk].allocatedBytes;
			byRisk[risk].reclaimableBytes += summary.byRisk[risk].reclaimableBytes;
			byRisk[risk].items += summary.byRisk[risk].items;
		}
	}
	const freed = record ? run.items.find((item) => item.id === record.itemId) : undefined;
	const onDisk = run.downloads.filter((download) => download.exists);
	return {
		scannedAt: run.scannedAt,
		allocatedBytes: run.parts.reduce((sum, part) => sum + part.summary.allocatedBytes, 0),
		byRisk,
		browsers: run.parts.flatMap((part) =>
			part.summary.browsers.map((entry) => ({
				label: entry.label,
				userDataDir: entry.userDataDir,
				running: entry.running,
				allocatedBytes: entry.allocatedBytes,
			})),
		),
		culprits: run.items.slice(0, REPORT_CULPRITS).map((item) => ({
			category: item.category,
			browserLabel: item.browserLabel,
			profile: item.profileName ?? item.profile,
			site: item.site,
			allocatedBytes: item.allocatedBytes,
			risk: item.risk,
		})),
		downloads: {
			count: run.downloads.length,
			existing: onDisk.length,
			existingBytes: onDisk.reduce((sum, download) => sum + download.bytes, 0),
		},
		freeCleanup:
			record && freed
				? {
						category: freed.category,
						estimateBytes: record.estimateBytes,
						freedBytes: record.result?.freedBytes ?? null,
						remainingReclaimableBytes: record.result ? reclaimableAfter(run, record) : null,
					}
				: null,
	};
}

export interface EvidenceSources {
	ping: CommandReply<'ping'> | null;
	run: ScanRun | null;
	record: ClaimRecord | null;
	disks: FilesystemStatus[];
	locks: EvidenceInput['locks'];
	includeSites: boolean;
}

export function evidenceInput(sources: EvidenceSources): EvidenceInput {
	const disks: FilesystemStatus[] = [];
	for (const disk of [...sources.disks, ...(sources.run?.disks ?? [])])
		if (!disks.some((known) => known.mountPoint === disk.mountPoint)) disks.push(disk);
	return {
		generatedAt: new Date().toISOString(),
		homeDir: sources.ping?.homeDir ?? null,
		includeSites: sources.includeSites,
		versions: collectVersions(sources.ping),
		scan: sources.run ? evidenceScan(sources.run, sources.record) : null,
		disks,
		locks: sources.locks,
	};
}
