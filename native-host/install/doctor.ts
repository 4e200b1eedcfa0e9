import { access } from 'node:fs/promises';
import type { HostDiagnosis, HostFinding } from '../../shared/host-diagnosis.ts';
import {
	type BrowserId,
	type BrowserLocation,
	browserLocations,
	type PlatformEnvironment,
} from '../browsers/catalog.ts';
import { type InstallTarget, isBrowserPresent, resolveTargets } from './install.ts';
import { readInstallRecord, type TargetRef } from './install-record.ts';
import { probeNodeVersion } from './node-version.ts';
import { checkRegistration } from './registration-check.ts';
import { type RegistryRunner, readRegistryKey, systemRegistryRunner } from './registry.ts';
import { stateDirectory } from './state-dir.ts';
import { shellQuote } from './wrapper.ts';

export interface DoctorRequest {
	system: PlatformEnvironment;
	// Only these browsers and profile folders; by default every browser found plus every
	// registration install recorded.
	browsers?: BrowserId[];
	userDataDirs?: string[];
	isPresent?: (location: BrowserLocation) => Promise<boolean>;
	pathExists?: (candidate: string) => Promise<boolean>;
	registry?: RegistryRunner;
	nodeVersion?: (nodePath: string) => Promise<string | null>;
}

// The command that repairs one registration, as a person would type it.
export function fixCommand(target: TargetRef): string {
	if (target.browser !== null) return `safedisk install --browser ${target.browser}`;
	if (target.userDataDir !== null) {
		const dir = /^[\w@%+=:,./-]+$/.test(target.userDataDir)
			? target.userDataDir
			: shellQuote(target.userDataDir);
		return `safedisk install --user-data-dir ${dir}`;
	}
	return 'safedisk install';
}

// What `safedisk doctor` reports: plain data with stable codes, for the CLI and the extension.
export async function diagnoseHost(request: DoctorRequest): Promise<HostDiagnosis> {
	const { system } = request;
	const named = (request.browsers?.length ?? 0) + (request.userDataDirs?.length ?? 0) > 0;
	const targets = await resolveTargets({
		system,
		...(request.browsers ? { browsers: request.browsers } : {}),
		...(request.userDataDirs ? { userDataDirs: request.userDataDirs } : {}),
		isPresent: request.isPresent ?? isBrowserPresent,
	});
	if (!named) targets.push(...(await recordedTargets(system, targets)));

	const findings: HostFinding[] = [];
	if (targets.length === 0) {
		findings.push({
			code: 'browser-not-found',
			severity: 'problem',
			target: 'this user',
			detail: 'no Chrome, Chromium or Edge was found for this user',
			path: null,
			fix: 'safedisk install --browser chromium (or --user-data-dir DIR for a custom profile)',
		});
	}
	if (!named) findings.push(...(await sandboxedNotes(request, targets)));

	let registry: RegistryRunner | undefined;
	const probe = {
		platform: system.platform,
		readRegistryKey: (key: string) => {
			registry ??= request.registry ?? systemRegistryRunner(system.env);
			return readRegistryKey(registry, key);
		},
		nodeVersion: request.nodeVersion ?? probeNodeVersion,
	};
	const registrations = [];
	for (const target of targets) {
		const found = await checkRegistration({ ...target, fix: fixCommand(target) }, probe);
		findings.push(...found);
		registrations.push({
			target: target.label,
			browser: target.browser,
			userDataDir: target.userDataDir,
			manifestPath: target.registryKey === null ? target.manifestPath : null,
			registryKey: target.registryKey,
			healthy: found.length === 0,
		});
	}
	return {
		platform: system.platform,
		healthy: findings.every((finding) => finding.severity !== 'problem'),
		registrations,
		findings,
	};
}

// Registrations install made earlier for profile folders or browsers no longer detected.
async function recordedTargets(
	system: PlatformEnvironment,
	known: InstallTarget[],
): Promise<InstallTarget[]> {
	const record = await readInstallRecord(stateDirectory(system));
	if (!record) return [];
	const seen = new Set(
		known.map((target) => (target.registryKey ?? target.manifestPath).toLowerCase()),
	);
	const extra: InstallTarget[] = [];
	const candidates: InstallTarget[] =
		system.platform === 'win32'
			? record.registryKeys.map((entry) => ({ ...entry, registryKey: entry.key }))
			: record.manifests.map((entry) => ({
					...entry,
					manifestPath: entry.path,
					registryKey: null,
				}));
	for (const candidate of candidates) {
		const key = (candidate.registryKey ?? candidate.manifestPath).toLowerCase();
		if (seen.has(key)) continue;
		seen.add(key);
		extra.push({
			label: candidate.label,
			browser: candidate.browser,
			userDataDir: candidate.userDataDir,
			manifestPath: candidate.manifestPath,
			registryKey: candidate.registryKey,
		});
	}
	return extra;
}

// A Flatpak or snap browser with no standard install beside it: tell the person why the
// extension there cannot reach the host, instead of saying nothing.
async function sandboxedNotes(
	request: DoctorRequest,
	targets: InstallTarget[],
): Promise<HostFinding[]> {
	const exists =
		request.pathExists ??
		((candidate: string) =>
			access(candidate).then(
				() => true,
				() => false,
			));
	const notes: HostFinding[] = [];
	for (const location of browserLocations(request.system)) {
		if (targets.some((target) => target.browser === location.id)) continue;
		for (const build of location.sandboxed) {
			const candidates = [build.userDataDir, ...build.executables];
			const found = await Promise.all(candidates.map(exists));
			if (!found.includes(true)) continue;
			notes.push({
				code: 'browser-sandboxed',
				severity: 'note',
				target: `${location.label} (${build.kind})`,
				detail: `the ${build.kind} build at ${build.userDataDir} runs extensions in a sandbox that cannot start the SafeDisk host`,
				path: build.userDataDir,
				fix: null,
			});
		}
	}
	return notes;
}
