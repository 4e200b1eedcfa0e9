import { describe, expect, it } from 'vitest';
import { ReportPager } from '../../native-host/health/report-pages.ts';
import type { LockReport } from '../../shared/commands/lock-health.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';

const status: FilesystemStatus = {
	path: '/x',
	mountPoint: '/',
	fsType: 'ext4',
	totalBytes: 1,
	freeBytes: 1,
	usedPercent: 0,
	totalInodes: 1,
	freeInodes: 1,
	usedInodesPercent: 0,
	readOnly: false,
	writable: true,
	writeError: null,
	condition: 'ok',
};

function report(index: number, filesystem: FilesystemStatus | null): LockReport {
	return {
		path: `/x/${'ü'.repeat(index % 50)}${index}.lock`,
		directory: '/x',
		kind: 'mkdir-mtime',
		entryType: 'directory',
		convention: 'mkdir lock',
		holder: null,
		kernelLocks: [],
		heartbeat: {
			path: `/x/${index}.lock`,
			source: 'directory-mtime',
			at: null,
			ageMs: 1,
			staleThresholdMs: 10_000,
			future: false,
			stat: null,
		},
		verdict: 'held-healthy',
		reason: 'heartbeat-fresh',
		explanation: 'x'.repeat(index % 300),
		takeover: { verdict: 'held-healthy', reason: 'heartbeat-fresh', mayTakeOver: false },
		problem: false,
		notes: [],
		filesystem,
	};
}

describe('paging lock reports', () => {
	it('keeps every page within its byte budget, measured exactly, and loses no report', () => {
		const pages: LockReport[][] = [];
		const budget = 64 * 1024;
		const pager = new ReportPager((page) => pages.push(page), budget);
		for (let index = 0; index < 5000; index += 1)
			pager.add(report(index, index % 3 ? status : null));
		pager.flush();
		expect(pages.length).toBeGreaterThan(10);
		let largest = 0;
		for (const page of pages) {
			const bytes = Buffer.byteLength(JSON.stringify(page), 'utf8');
			expect(bytes).toBeLessThanOrEqual(budget);
			largest = Math.max(largest, bytes);
		}
		expect(pager.largestPageBytes).toBe(largest);
		expect(pages.flat()).toHaveLength(5000);
	});
});
