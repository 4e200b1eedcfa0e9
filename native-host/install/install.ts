import { access } from 'node:fs/promises';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';
import { HOST_NAME } from '../../shared/extension-id.ts';
import {
	type BrowserId,
	type BrowserLocation,
	browserLocations,
	type PlatformEnvironment,
} from '../browsers/catalog.ts';
import { buildHostManifest } from './host-manifest.ts';
import {
	emptyRecord,
	type InstallRecord,
	mergeRecords,
	readInstallRecord,
	type TargetRef,
	writeInstallRecord,
} from './install-record.ts';
import { addRegistryKey, type RegistryRunner, systemRegistryRunner } from './registry.ts';
import {
	commitFile,
	discardFile,
	prepareFolder,
	removeEmptyFolders,
	type StagedFile,
	stageFile,
} from './safe-write.ts';
import { stateDirectory } from './state-dir.ts';
import { wrapperFileName, wrapperScript } from './wrapper.ts';

export interface InstallTarget extends TargetRef {
	// The manifest file: where the browser looks (Linux, macOS), or what the registry key names.
	manifestPath: string;
	registryKey: string | null;
}

export interface InstallPlan {
	stateDir: string;
	wrapperPath: string;
	wrapperContent: string;
	targets: InstallTarget[];
}

export interface TargetRequest {
	system: PlatformEnvironment;
	// Only these browsers and profile folders; when neither is given, every browser found.
	browsers?: BrowserId[];
	userDataDirs?: string[];
	isPresent: (location: BrowserLocation) => Promise<boolean>;
}

export interface InstallRequest extends TargetRequest {
	nodePath: string;
	entryPath: string;
}

function pathApi(system: PlatformEnvironment): path.PlatformPath {
	return system.platform === 'win32' ? path.win32 : path.posix;
}

// Where the host gets registered. Pure given isPresent, so every system's answer is tested anywhere.
export async function resolveTargets(request: TargetRequest): Promise<InstallTarget[]> {
	const { system } = request;
	const paths = pathApi(system);
	const stateDir = stateDirectory(system);
	const locations = browserLocations(system);
	const named = (request.browsers?.length ?? 0) + (request.userDataDirs?.length ?? 0) > 0;
	for (const id of request.browsers ?? []) {
		if (!locations.some((location) => location.id === id))
			throw new SafeDiskError('E_USAGE', `There is no ${id} for ${system.platform}.`);
	}
	const targets: InstallTarget[] = [];
	for (const location of locations) {
		const wanted = named
			? (request.browsers ?? []).includes(location.id)
			: await request.isPresent(location);
		if (!wanted) continue;
		const ref = { label: location.label, browser: location.id, userDataDir: null };
		if (location.registryKey !== null) {
			targets.push({
				...ref,
				manifestPath: paths.join(stateDir, `${HOST_NAME}.json`),
				registryKey: `${location.registryKey}\\${HOST_NAME}`,
			});
		} else if (location.nativeHostDir !== null) {
			const manifestPath = paths.join(location.nativeHostDir, `${HOST_NAME}.json`);
			targets.push({ ...ref, manifestPath, registryKey: null });
		}
	}
	for (const userDataDir of request.userDataDirs ?? []) {
		if (system.platform === 'win32') {
			throw new SafeDiskError(
				'E_UNSUPPORTED_PLATFORM',
				'On Windows the host is registered per browser, not per --user-data-dir.',
			);
		}
		if (!paths.isAbsolute(userDataDir))
			throw new SafeDiskError('E_USAGE', `--user-data-dir needs an absolute path: ${userDataDir}`);
		targets.push({
			label: `profile folder ${userDataDir}`,
			browser: null,
			userDataDir,
			manifestPath: paths.join(userDataDir, 'NativeMessagingHosts', `${HOST_NAME}.json`),
			registryKey: null,
		});
	}
	return dedupeTargets(targets);
}

// Chrome, Chrome Beta, Dev and Canary share one registry key on Windows: one target, every label.
function dedupeTargets(targets: InstallTarget[]): InstallTarget[] {
	const byKey = new Map<string, InstallTarget>();
	for (const target of targets) {
		const key = (target.registryKey ?? target.manifestPath).toLowerCase();
		const seen = byKey.get(key);
		if (seen) seen.label = `${seen.label}, ${target.label}`;
		else byKey.set(key, { ...target });
	}
	return [...byKey.values()];
}

export async function planInstall(request: InstallRequest): Promise<InstallPlan> {
	const { system } = request;
	const stateDir = stateDirectory(system);
	return {
		stateDir,
		wrapperPath: pathApi(system).join(stateDir, wrapperFileName(system.platform)),
		wrapperContent: wrapperScript(system.platform, request.nodePath, request.entryPath),
		targets: await resolveTargets(request),
	};
}

export interface ApplyOptions {
	registry?: RegistryRunner;
}

// Writes the wrapper and the manifests, all or nothing: every folder must take its file before
// any file takes its real name. Registry keys (Windows) follow; what was done is recorded even
// when a later key fails, so uninstall can undo it.
export async function applyInstall(
	plan: InstallPlan,
	options: ApplyOptions = {},
): Promise<InstallRecord> {
	if (plan.targets.length === 0) {
		throw new SafeDiskError(
			'E_BROWSER_NOT_FOUND',
			'No Chrome, Chromium or Edge was found. Name one with --browser chromium, or a profile with --user-data-dir DIR.',
		);
	}
	const record = emptyRecord(plan.wrapperPath);
	const staged: StagedFile[] = [];
	const manifestText = `${JSON.stringify(buildHostManifest(plan.wrapperPath), null, 2)}\n`;
	const files = new Map<string, InstallTarget>();
	for (const target of plan.targets)
		if (!files.has(target.manifestPath)) files.set(target.manifestPath, target);
	try {
		record.createdDirs.push(...(await prepareFolder(plan.stateDir)));
		staged.push(await stageFile(plan.wrapperPath, plan.wrapperContent, 0o755));
		for (const manifestPath of files.keys()) {
			record.createdDirs.push(...(await prepareFolder(path.dirname(manifestPath))));
			staged.push(await stageFile(manifestPath, manifestText, 0o644));
		}
	} catch (error) {
		await Promise.all(staged.map(discardFile));
		await removeEmptyFolders(record.createdDirs);
		throw asInstallError(error);
	}
	const previous = await readInstallRecord(plan.stateDir);
	let failure: unknown;
	try {
		for (const file of staged) {
			await commitFile(file);
			const target = files.get(file.finalPath);
			if (target) record.manifests.push({ ...refOf(target), path: file.finalPath });
		}
		const registry = options.registry ?? systemRegistryRunner(process.env);
		for (const target of plan.targets) {
			if (target.registryKey === null) continue;
			await addRegistryKey(registry, target.registryKey, target.manifestPath);
			record.registryKeys.push({
				...refOf(target),
				key: target.registryKey,
				manifestPath: target.manifestPath,
			});
		}
	} catch (error) {
		await Promise.all(staged.map(discardFile));
		failure = error;
	}
	const merged = mergeRecords(previous, record);
	try {
		await writeInstallRecord(plan.stateDir, merged);
	} catch (error) {
		failure ??= error;
	}
	if (failure !== undefined) throw asInstallError(failure);
	return merged;
}

function refOf(target: TargetRef): TargetRef {
	return { label: target.label, browser: target.browser, userDataDir: target.userDataDir };
}

function asInstallError(error: unknown): SafeDiskError {
	if (error instanceof SafeDiskError) return error;
	return new SafeDiskError(
		'E_INSTALL_FAILED',
		`Registering the native host failed: ${(error as Error).message}`,
		{ cause: error },
	);
}

// A browser counts as found when its standard profile folder or program exists; Flatpak and snap
// builds do not, since their sandbox cannot start the host.
export async function isBrowserPresent(location: BrowserLocation): Promise<boolean> {
	for (const candidate of [...location.userDataDirs.slice(0, 1), ...location.executables]) {
		try {
			await access(candidate);
			return true;
		} catch {
			// Not this one.
		}
	}
	return false;
}
