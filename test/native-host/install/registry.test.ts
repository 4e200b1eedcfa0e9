import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserId } from '../../../native-host/browsers/catalog.ts';
import { applyInstall, type InstallPlan } from '../../../native-host/install/install.ts';
import { readInstallRecord } from '../../../native-host/install/install-record.ts';
import {
	addRegistryKey,
	parseRegistryDefaultValue,
	type RegistryRunner,
	readRegistryKey,
	regExecutable,
	registryAddArgs,
	registryDeleteArgs,
	registryQueryArgs,
	systemRegistryRunner,
} from '../../../native-host/install/registry.ts';
import { uninstall } from '../../../native-host/install/uninstall.ts';
import { wrapperScript } from '../../../native-host/install/wrapper.ts';
import { SafeDiskError } from '../../../shared/errors.ts';

const KEY = 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\com.safedisk.host';

describe('the reg command lines', () => {
	it('sets the default value of the key to the manifest path, overwriting without a prompt', () => {
		expect(registryAddArgs(KEY, 'C:\\Users\\Ana Maria\\AppData\\Local\\SafeDisk\\m.json')).toEqual([
			'add',
			KEY,
			'/ve',
			'/t',
			'REG_SZ',
			'/d',
			'C:\\Users\\Ana Maria\\AppData\\Local\\SafeDisk\\m.json',
			'/f',
		]);
		expect(registryQueryArgs(KEY)).toEqual(['query', KEY, '/ve']);
		expect(registryDeleteArgs(KEY)).toEqual(['delete', KEY, '/f']);
	});

	it('runs reg.exe from the Windows folder when SystemRoot names it', () => {
		expect(regExecutable({ SystemRoot: 'C:\\Windows' })).toBe('C:\\Windows\\System32\\reg.exe');
		expect(regExecutable({})).toBe('reg');
	});

	it('reads the default value whatever the language of its name', () => {
		const english = `\r\nHKEY_CURRENT_USER\\Software\\X\r\n    (Default)    REG_SZ    C:\\Users\\Ana Maria\\m.json\r\n\r\n`;
		const german = `\nHKEY_CURRENT_USER\\Software\\X\n    (Standard)    REG_SZ    D:\\a    b\\m.json\n`;
		const french = `\nHKEY_CURRENT_USER\\Software\\X\n    (par défaut)    REG_SZ    C:\\m.json\n`;
		expect(parseRegistryDefaultValue(english)).toBe('C:\\Users\\Ana Maria\\m.json');
		expect(parseRegistryDefaultValue(german)).toBe('D:\\a    b\\m.json');
		expect(parseRegistryDefaultValue(french)).toBe('C:\\m.json');
		expect(parseRegistryDefaultValue('\nHKEY_CURRENT_USER\\Software\\X\n')).toBeNull();
	});
});

describe('running reg', () => {
	const dirs: string[] = [];
	afterEach(async () => {
		for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
	});

	async function codeAndDetails(promise: Promise<unknown>) {
		try {
			await promise;
			return null;
		} catch (error) {
			if (!(error instanceof SafeDiskError)) throw error;
			return { code: error.code, errno: error.errno, details: error.details };
		}
	}

	// A Windows install plan in a fresh state folder: one manifest, one registry key per browser.
	async function windowsPlan(browsers: Array<[label: string, browser: BrowserId, key: string]>) {
		const stateDir = await mkdtemp(path.join(tmpdir(), 'safedisk-win-state-'));
		dirs.push(stateDir);
		const manifestPath = path.join(stateDir, 'com.safedisk.host.json');
		const plan: InstallPlan = {
			stateDir,
			wrapperPath: path.join(stateDir, 'safedisk-host.cmd'),
			wrapperContent: wrapperScript('win32', 'C:\\node.exe', 'C:\\main.js'),
			targets: browsers.map(([label, browser, registryKey]) => ({
				label,
				browser,
				userDataDir: null,
				manifestPath,
				registryKey,
			})),
		};
		return { plan, manifestPath, stateDir };
	}

	it('fails with E_INSTALL_FAILED naming the key when there is no reg command', async () => {
		const empty = await mkdtemp(path.join(tmpdir(), 'safedisk-no-reg-'));
		dirs.push(empty);
		const run = systemRegistryRunner({ PATH: empty });
		expect(await codeAndDetails(addRegistryKey(run, KEY, 'C:\\m.json'))).toEqual({
			code: 'E_INSTALL_FAILED',
			errno: 'ENOENT',
			details: { registryKey: KEY },
		});
		expect(await codeAndDetails(readRegistryKey(run, KEY))).toMatchObject({
			code: 'E_INSTALL_FAILED',
			details: { registryKey: KEY },
		});
	});

	it('takes exit status 1 from reg query as "no such key"', async () => {
		const missing: RegistryRunner = async () => {
			throw Object.assign(new Error('ERROR: The system was unable to find the key'), { code: 1 });
		};
		expect(await readRegistryKey(missing, KEY)).toBeNull();
	});

	it('records the files an install wrote even when its registry key fails, so uninstall removes them', async () => {
		const { plan, manifestPath, stateDir } = await windowsPlan([['Google Chrome', 'chrome', KEY]]);
		const failure = await codeAndDetails(
			applyInstall(plan, { registry: systemRegistryRunner({ PATH: stateDir }) }),
		);
		expect(failure).toMatchObject({ code: 'E_INSTALL_FAILED', details: { registryKey: KEY } });
		const record = await readInstallRecord(stateDir);
		expect(record?.manifests.map((entry) => entry.path)).toEqual([manifestPath]);
		expect(record?.registryKeys).toEqual([]);
		expect((await stat(manifestPath)).isFile()).toBe(true);
	});

	it('adds the key on install and deletes on uninstall only a key that still points at SafeDisk', async () => {
		const edgeKey = 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\com.safedisk.host';
		const values = new Map<string, string>();
		const calls: string[][] = [];
		const fake: RegistryRunner = async (args) => {
			calls.push(args);
			const [verb, key = ''] = args;
			if (verb === 'add') values.set(key, args[6] ?? '');
			if (verb === 'delete') values.delete(key);
			if (verb === 'query') {
				const value = values.get(key);
				if (value === undefined) throw Object.assign(new Error('not found'), { code: 1 });
				return `\r\n${key}\r\n    (Default)    REG_SZ    ${value}\r\n`;
			}
			return '';
		};
		const { plan, manifestPath, stateDir } = await windowsPlan([
			['Google Chrome', 'chrome', KEY],
			['Microsoft Edge', 'edge', edgeKey],
		]);
		await applyInstall(plan, { registry: fake });
		expect(calls).toEqual([
			registryAddArgs(KEY, manifestPath),
			registryAddArgs(edgeKey, manifestPath),
		]);
		expect(JSON.parse(await readFile(manifestPath, 'utf8')).path).toBe(plan.wrapperPath);

		// Another program took over the Edge key since: it is no longer SafeDisk's.
		values.set(edgeKey, 'C:\\Other\\host.json');
		calls.length = 0;
		const result = await uninstall(
			{ platform: 'win32', home: 'C:\\Users\\Ana', env: { SAFEDISK_STATE_DIR: stateDir } },
			{ registry: fake },
		);
		expect(calls.filter((args) => args[0] === 'delete')).toEqual([registryDeleteArgs(KEY)]);
		expect(values.get(edgeKey)).toBe('C:\\Other\\host.json');
		expect(result.kept.map((entry) => entry.item)).toContain(edgeKey);
		expect(result.removed).toEqual(expect.arrayContaining([KEY, manifestPath, plan.wrapperPath]));
		expect(result.failed).toEqual([]);
	});
});
