import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HostFinding, HostFindingCode } from '../../shared/host-diagnosis.ts';
import { MIN_NODE_VERSION } from '../../shared/host-diagnosis.ts';
import type { Platform } from '../browsers/catalog.ts';
import { findManifestProblems } from './host-manifest.ts';
import { isSupportedNodeVersion } from './node-version.ts';
import { parseWrapper } from './wrapper.ts';

export interface RegistrationProbe {
	platform: Platform;
	// The manifest path a Windows registry key names, or null when the key is missing.
	readRegistryKey(key: string): Promise<string | null>;
	nodeVersion(nodePath: string): Promise<string | null>;
}

export interface RegistrationToCheck {
	label: string;
	manifestPath: string;
	registryKey: string | null;
	fix: string;
}

// Follows the chain the browser follows: registry key, manifest, wrapper, Node, SafeDisk's entry.
// Each broken link is one finding; a link that cannot be read ends the walk there.
export async function checkRegistration(
	target: RegistrationToCheck,
	probe: RegistrationProbe,
): Promise<HostFinding[]> {
	const findings: HostFinding[] = [];
	const add = (code: HostFindingCode, detail: string, where: string | null) =>
		findings.push({
			code,
			severity: 'problem',
			target: target.label,
			detail,
			path: where,
			fix:
				code === 'node-too-old'
					? `install Node ${MIN_NODE_VERSION} or newer, then ${target.fix}`
					: target.fix,
		});
	const paths = probe.platform === 'win32' ? path.win32 : path.posix;

	let manifestPath = target.manifestPath;
	if (target.registryKey !== null) {
		const value = await probe.readRegistryKey(target.registryKey);
		if (value === null || value === '') {
			add('registry-missing', `the registry key ${target.registryKey} is missing`, null);
			return findings;
		}
		manifestPath = value;
	}

	let text: string;
	try {
		text = await readFile(manifestPath, 'utf8');
	} catch (error) {
		if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR')
			add('manifest-missing', `no host manifest at ${manifestPath}`, manifestPath);
		else
			add(
				'manifest-invalid',
				`the manifest ${manifestPath} cannot be read (${errno(error)})`,
				manifestPath,
			);
		return findings;
	}
	let manifest: unknown;
	try {
		manifest = JSON.parse(text);
	} catch {
		add('manifest-invalid', `the manifest ${manifestPath} is not valid JSON`, manifestPath);
		return findings;
	}
	for (const problem of findManifestProblems(manifest, paths.isAbsolute)) {
		const code = problem.kind === 'invalid' ? 'manifest-invalid' : problem.kind;
		add(code, `the manifest ${manifestPath}: ${problem.message}`, manifestPath);
	}
	const wrapperPath = (manifest as { path?: unknown } | null)?.path;
	if (typeof wrapperPath !== 'string' || !paths.isAbsolute(wrapperPath)) return findings;

	const wrapper = await fileState(wrapperPath, runRule(probe.platform));
	if (wrapper === 'missing') {
		add(
			'wrapper-missing',
			`the wrapper ${wrapperPath} named by the manifest is missing`,
			wrapperPath,
		);
		return findings;
	}
	if (wrapper !== 'executable') {
		add('wrapper-not-executable', `the wrapper ${wrapperPath} ${wrapper}`, wrapperPath);
		if (wrapper === 'not a file') return findings;
	}
	const parsed = parseWrapper(await readFile(wrapperPath, 'utf8').catch(() => ''));
	if (parsed === null) {
		add('wrapper-unrecognised', `${wrapperPath} is not a SafeDisk host wrapper`, wrapperPath);
		return findings;
	}

	const node = await fileState(parsed.nodePath, runRule(probe.platform));
	if (node === 'missing') {
		add(
			'node-missing',
			`the wrapper starts ${parsed.nodePath}, which does not exist`,
			parsed.nodePath,
		);
	} else if (node !== 'executable') {
		add(
			'node-not-executable',
			`the wrapper starts ${parsed.nodePath}, which ${node}`,
			parsed.nodePath,
		);
	} else {
		const version = await probe.nodeVersion(parsed.nodePath);
		if (version === null)
			add('node-unusable', `${parsed.nodePath} did not report a Node.js version`, parsed.nodePath);
		else if (!isSupportedNodeVersion(version))
			add(
				'node-too-old',
				`${parsed.nodePath} is Node ${version}; SafeDisk needs ${MIN_NODE_VERSION} or newer`,
				parsed.nodePath,
			);
	}
	const entry = await fileState(parsed.entryPath, 'read');
	if (entry !== 'executable') {
		add(
			'entry-missing',
			`the wrapper starts ${parsed.entryPath}, which ${entry === 'missing' ? 'does not exist' : entry}`,
			parsed.entryPath,
		);
	}
	return findings;
}

type FileState = 'missing' | 'not a file' | 'is not executable' | 'executable';

// How a file gets to run: by its mode bits as the kernel judges them for the current user, by its
// extension (Windows browsers start a host through cmd.exe), or not at all (a script Node reads).
type RunRule = 'mode' | 'extension' | 'read';

function runRule(platform: Platform): RunRule {
	return platform === 'win32' ? 'extension' : 'mode';
}

async function fileState(file: string, rule: RunRule): Promise<FileState> {
	try {
		const info = await stat(file);
		if (!info.isFile()) return 'not a file';
	} catch {
		return 'missing';
	}
	if (rule === 'read') return 'executable';
	if (rule === 'extension')
		return /\.(cmd|bat|exe|com)$/i.test(file) ? 'executable' : 'is not executable';
	try {
		await access(file, constants.X_OK);
		return 'executable';
	} catch {
		return 'is not executable';
	}
}

function errno(error: unknown): string {
	return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}
