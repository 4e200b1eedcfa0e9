import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customInstall } from '../../../native-host/scan/installs.ts';
import { runScan } from '../../../native-host/scan/scan-run.ts';

const system = { platform: 'linux' as const, home: '/nonexistent', env: {} };

// The host deletes only in a folder that holds a regular "Local State" file; the scan must not
// offer anything it would refuse.
describe('items of a folder that may not be a browser user-data folder', () => {
	let base = '';

	beforeAll(() => {
		base = mkdtempSync(path.join(tmpdir(), 'safedisk-marker-'));
	});
	afterAll(() => rmSync(base, { recursive: true, force: true }));

	async function crashReports(marker: (dir: string) => void) {
		const userDataDir = mkdtempSync(path.join(base, 'user-data-'));
		mkdirSync(path.join(userDataDir, 'Crash Reports', 'completed'), { recursive: true });
		writeFileSync(
			path.join(userDataDir, 'Crash Reports', 'completed', 'r.dmp'),
			Buffer.alloc(9000),
		);
		marker(userDataDir);
		const result = await runScan({ installs: [customInstall(userDataDir, system)] });
		return result.items.find((item) => item.category === 'crash-reports');
	}

	it('are offered for deletion when the folder holds a "Local State" file', async () => {
		const item = await crashReports((dir) => writeFileSync(path.join(dir, 'Local State'), '{}'));
		expect(item?.hostDeletable).toBe(true);
		expect(item?.consequence).not.toContain('Local State');
	});

	it('are listed but not host-deletable without one, and say why', async () => {
		const item = await crashReports(() => undefined);
		expect(item?.allocatedBytes).toBeGreaterThan(0);
		expect(item?.hostDeletable).toBe(false);
		expect(item?.consequence).toContain('"Local State"');
	});

	it('are not host-deletable when "Local State" is a folder, a FIFO or a symlink', async () => {
		const markers: ((dir: string) => void)[] = [
			(dir) => mkdirSync(path.join(dir, 'Local State')),
			(dir) => execFileSync('mkfifo', [path.join(dir, 'Local State')]),
			(dir) => {
				writeFileSync(path.join(dir, 'real'), '{}');
				symlinkSync(path.join(dir, 'real'), path.join(dir, 'Local State'));
			},
		];
		for (const marker of markers) expect((await crashReports(marker))?.hostDeletable).toBe(false);
	});
});
