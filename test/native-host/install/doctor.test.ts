import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformEnvironment } from '../../../native-host/browsers/catalog.ts';
import { describeDiagnosis } from '../../../native-host/cli/doctor.ts';
import { diagnoseHost, fixCommand } from '../../../native-host/install/doctor.ts';
import { buildHostManifest } from '../../../native-host/install/host-manifest.ts';
import type { RegistryRunner } from '../../../native-host/install/registry.ts';
import { wrapperScript } from '../../../native-host/install/wrapper.ts';
import { hostDiagnosisSchema } from '../../../shared/host-diagnosis.ts';

const dirs: string[] = [];
afterEach(async () => {
	for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'safedisk-doctor-'));
	dirs.push(dir);
	return dir;
}

const nothingPresent = async () => false;
const codes = (diagnosis: { findings: Array<{ code: string }> }) =>
	diagnosis.findings.map((finding) => finding.code);

describe('the doctor on Windows, with the registry simulated', () => {
	const KEY = 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\com.safedisk.host';

	function registryWith(values: Record<string, string>): RegistryRunner {
		return async ([, key = '']) => {
			const value = values[key];
			if (value === undefined) throw Object.assign(new Error('not found'), { code: 1 });
			return `\r\n${key}\r\n    (Default)    REG_SZ    ${value}\r\n`;
		};
	}

	async function windowsInstall(wrapperName: string) {
		const dir = await tempDir();
		const nodePath = path.join(dir, 'node.exe');
		const entryPath = path.join(dir, 'main.js');
		const wrapperPath = path.join(dir, wrapperName);
		const manifestPath = path.join(dir, 'com.safedisk.host.json');
		await writeFile(nodePath, '');
		await writeFile(entryPath, '');
		await writeFile(wrapperPath, wrapperScript('win32', nodePath, entryPath));
		await writeFile(manifestPath, JSON.stringify(buildHostManifest(wrapperPath)));
		const system: PlatformEnvironment = {
			platform: 'win32',
			home: dir,
			env: { SAFEDISK_STATE_DIR: dir },
		};
		return { system, manifestPath };
	}

	it('reports a missing registry key with the command that writes it', async () => {
		const { system } = await windowsInstall('safedisk-host.cmd');
		const diagnosis = await diagnoseHost({
			system,
			browsers: ['chrome'],
			registry: registryWith({}),
		});
		expect(diagnosis.findings).toEqual([
			expect.objectContaining({
				code: 'registry-missing',
				severity: 'problem',
				fix: 'safedisk install --browser chrome',
			}),
		]);
		expect(diagnosis.healthy).toBe(false);
	});

	it('follows the key to the manifest, the .cmd wrapper, node.exe and the entry', async () => {
		const { system, manifestPath } = await windowsInstall('safedisk-host.cmd');
		const diagnosis = await diagnoseHost({
			system,
			browsers: ['chrome'],
			registry: registryWith({ [KEY]: manifestPath }),
			nodeVersion: async () => 'v20.11.1',
		});
		expect(diagnosis.findings).toEqual([]);
		expect(diagnosis.healthy).toBe(true);
		expect(diagnosis.registrations).toEqual([
			expect.objectContaining({ registryKey: KEY, manifestPath: null, healthy: true }),
		]);
	});

	it('says a wrapper Windows cannot start is not executable', async () => {
		const { system, manifestPath } = await windowsInstall('safedisk-host.js');
		const diagnosis = await diagnoseHost({
			system,
			browsers: ['chrome'],
			registry: registryWith({ [KEY]: manifestPath }),
			nodeVersion: async () => 'v22.0.0',
		});
		expect(codes(diagnosis)).toEqual(['wrapper-not-executable']);
	});
});

describe('the doctor with no browser to check', () => {
	it('reports that no browser was found, with a fix', async () => {
		const home = await tempDir();
		const system: PlatformEnvironment = {
			platform: 'linux',
			home,
			env: { SAFEDISK_STATE_DIR: path.join(home, 'state') },
		};
		const diagnosis = await diagnoseHost({ system, isPresent: nothingPresent });
		expect(codes(diagnosis)).toEqual(['browser-not-found']);
		expect(diagnosis.findings[0]?.fix).toContain('safedisk install --browser');
		expect(diagnosis.healthy).toBe(false);
	});

	it('adds a note, not a problem, for a snap build whose sandbox cannot start the host', async () => {
		const home = await tempDir();
		await mkdir(path.join(home, 'snap/chromium/common/chromium'), { recursive: true });
		const system: PlatformEnvironment = {
			platform: 'linux',
			home,
			env: { SAFEDISK_STATE_DIR: path.join(home, 'state') },
		};
		const diagnosis = await diagnoseHost({ system, isPresent: nothingPresent });
		const note = diagnosis.findings.find((finding) => finding.code === 'browser-sandboxed');
		expect(note).toMatchObject({ severity: 'note', fix: null, target: 'Chromium (snap)' });
		expect(hostDiagnosisSchema.parse(diagnosis)).toEqual(diagnosis);
	});
});

describe('the fix commands and the human report', () => {
	it('names the browser, or the profile folder quoted for a shell', () => {
		expect(fixCommand({ label: 'Chromium', browser: 'chromium', userDataDir: null })).toBe(
			'safedisk install --browser chromium',
		);
		expect(fixCommand({ label: 'p', browser: null, userDataDir: '/tmp/p1' })).toBe(
			'safedisk install --user-data-dir /tmp/p1',
		);
		expect(fixCommand({ label: 'p', browser: null, userDataDir: "/tmp/ana's profile" })).toBe(
			`safedisk install --user-data-dir '/tmp/ana'\\''s profile'`,
		);
	});

	it('puts what is wrong and its fix on one line per finding', () => {
		const lines = describeDiagnosis({
			platform: 'linux',
			healthy: false,
			registrations: [
				{
					target: 'Chromium',
					browser: 'chromium',
					userDataDir: null,
					manifestPath: '/m.json',
					registryKey: null,
					healthy: false,
				},
			],
			findings: [
				{
					code: 'wrapper-missing',
					severity: 'problem',
					target: 'Chromium',
					detail: 'the wrapper /w is missing',
					path: '/w',
					fix: 'safedisk install --browser chromium',
				},
			],
		});
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/Chromium.*\/w.*safedisk install --browser chromium.*wrapper-missing/);
	});
});
