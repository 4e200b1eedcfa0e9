import { execFile } from 'node:child_process';
import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { SafeDiskError } from '../../shared/errors.ts';
import { HOST_NAME } from '../../shared/extension-id.ts';
import {
	type BrowserId,
	type BrowserLocation,
	browserLocations,
	type PlatformEnvironment,
} from '../browsers/catalog.ts';
import { buildHostManifest } from './host-manifest.ts';
import { stateDirectory } from './state-dir.ts';
import { wrapperFileName, wrapperScript } from './wrapper.ts';

const run = promisify(execFile);

export interface InstallTarget {
	label: string;
	// A manifest file (Linux, macOS, and the file a Windows registry key points at).
	manifestPath: string;
	registryKey: string | null;
}

export interface InstallPlan {
	stateDir: string;
	wrapperPath: string;
	wrapperContent: string;
	targets: InstallTarget[];
}

export interface InstallRequest {
	system: PlatformEnvironment;
	nodePath: string;
	entryPath: string;
	// Only these browsers; by default every browser found on the machine.
	browsers?: BrowserId[];
	userDataDirs?: string[];
	isPresent: (location: BrowserLocation) => Promise<boolean>;
}

const RECORD_FILE = 'install.json';

export async function planInstall(request: InstallRequest): Promise<InstallPlan> {
	const { system } = request;
	const join = system.platform === 'win32' ? path.win32.join : path.posix.join;
	const stateDir = stateDirectory(system);
	const wrapperPath = join(stateDir, wrapperFileName(system.platform));
	const targets: InstallTarget[] = [];
	for (const location of browserLocations(system)) {
		const wanted = request.browsers
			? request.browsers.includes(location.id)
			: await request.isPresent(location);
		if (!wanted) continue;
		if (location.registryKey !== null) {
			targets.push({
				label: location.label,
				manifestPath: join(stateDir, `${HOST_NAME}.json`),
				registryKey: `${location.registryKey}\\${HOST_NAME}`,
			});
		} else if (location.nativeHostDir !== null) {
			targets.push({
				label: location.label,
				manifestPath: join(location.nativeHostDir, `${HOST_NAME}.json`),
				registryKey: null,
			});
		}
	}
	for (const userDataDir of request.userDataDirs ?? []) {
		if (system.platform === 'win32') {
			throw new SafeDiskError(
				'E_UNSUPPORTED_PLATFORM',
				'On Windows the host is registered per browser, not per --user-data-dir.',
			);
		}
		targets.push({
			label: `profile folder ${userDataDir}`,
			manifestPath: join(userDataDir, 'NativeMessagingHosts', `${HOST_NAME}.json`),
			registryKey: null,
		});
	}
	return {
		stateDir,
		wrapperPath,
		wrapperContent: wrapperScript(system.platform, request.nodePath, request.entryPath),
		targets: dedupeTargets(targets),
	};
}

function dedupeTargets(targets: InstallTarget[]): InstallTarget[] {
	const seen = new Set<string>();
	return targets.filter((target) => {
		const key = target.registryKey ?? target.manifestPath;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

export interface InstallRecord {
	wrapperPath: string;
	manifests: string[];
	registryKeys: string[];
}

export async function applyInstall(plan: InstallPlan): Promise<InstallRecord> {
	if (plan.targets.length === 0) {
		throw new SafeDiskError(
			'E_BROWSER_NOT_FOUND',
			'No Chrome, Chromium or Edge was found. Name one with --browser chromium, or a profile with --user-data-dir DIR.',
		);
	}
	try {
		await mkdir(plan.stateDir, { recursive: true });
		await writeFile(plan.wrapperPath, plan.wrapperContent, { mode: 0o755 });
		await chmod(plan.wrapperPath, 0o755);
		const manifest = `${JSON.stringify(buildHostManifest(plan.wrapperPath), null, 2)}\n`;
		const record: InstallRecord = {
			wrapperPath: plan.wrapperPath,
			manifests: [],
			registryKeys: [],
		};
		for (const target of plan.targets) {
			await mkdir(path.dirname(target.manifestPath), { recursive: true });
			await writeFile(target.manifestPath, manifest);
			if (!record.manifests.includes(target.manifestPath))
				record.manifests.push(target.manifestPath);
			if (target.registryKey !== null) {
				await run('reg', [
					'add',
					target.registryKey,
					'/ve',
					'/t',
					'REG_SZ',
					'/d',
					target.manifestPath,
					'/f',
				]);
				record.registryKeys.push(target.registryKey);
			}
		}
		await writeFile(path.join(plan.stateDir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
		return record;
	} catch (error) {
		if (error instanceof SafeDiskError) throw error;
		throw new SafeDiskError(
			'E_INSTALL_FAILED',
			`Registering the native host failed: ${(error as Error).message}`,
			{
				cause: error,
			},
		);
	}
}

export async function readInstallRecord(stateDir: string): Promise<InstallRecord | null> {
	try {
		return JSON.parse(await readFile(path.join(stateDir, RECORD_FILE), 'utf8')) as InstallRecord;
	} catch {
		return null;
	}
}

// Removes what install wrote, and only that: a manifest is removed only while it still names
// SafeDisk's host and wrapper.
export async function uninstall(system: PlatformEnvironment): Promise<string[]> {
	const stateDir = stateDirectory(system);
	const record = await readInstallRecord(stateDir);
	if (!record) return [];
	const removed: string[] = [];
	for (const manifestPath of record.manifests) {
		try {
			const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
				name?: string;
				path?: string;
			};
			if (manifest.name !== HOST_NAME || manifest.path !== record.wrapperPath) continue;
			await rm(manifestPath);
			removed.push(manifestPath);
		} catch {
			// Already gone or no longer ours.
		}
	}
	for (const key of record.registryKeys) {
		await run('reg', ['delete', key, '/f']).then(
			() => removed.push(key),
			() => undefined,
		);
	}
	await rm(record.wrapperPath, { force: true });
	removed.push(record.wrapperPath);
	await rm(path.join(stateDir, RECORD_FILE), { force: true });
	return removed;
}

export async function isBrowserPresent(location: BrowserLocation): Promise<boolean> {
	for (const candidate of [...location.userDataDirs, ...location.executables]) {
		try {
			await access(candidate);
			return true;
		} catch {
			// Not this one.
		}
	}
	return false;
}
