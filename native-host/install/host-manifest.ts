import { EXTENSION_IDS, extensionOrigin, HOST_NAME } from '../../shared/extension-id.ts';

export interface HostManifest {
	name: string;
	description: string;
	path: string;
	type: 'stdio';
	allowed_origins: string[];
}

// allowed_origins holds SafeDisk's own extension ids and nothing else.
export function buildHostManifest(wrapperPath: string): HostManifest {
	return {
		name: HOST_NAME,
		description: 'SafeDisk native host: measures disk, browser storage and lock directories.',
		path: wrapperPath,
		type: 'stdio',
		allowed_origins: EXTENSION_IDS.map(extensionOrigin),
	};
}

export type ManifestProblemKind =
	// Chromium ignores the manifest: the browser says "Specified native messaging host not found".
	| 'invalid'
	// The manifest is read, but the SafeDisk extension may not start the host.
	| 'origin-missing'
	// Another extension may start the host (it still refuses it by the origin it is given).
	| 'origin-unexpected';

export interface ManifestProblem {
	kind: ManifestProblemKind;
	field: 'manifest' | 'name' | 'description' | 'type' | 'path' | 'allowed_origins';
	message: string;
}

const NAME_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const ORIGIN_PATTERN = /^chrome-extension:\/\/[a-p]{32}\/$/;

// The rules Chromium applies before it will start a host, plus SafeDisk's own: the name is ours
// (the file is named after it) and only SafeDisk's extension ids are allowed.
export function findManifestProblems(
	value: unknown,
	isAbsolute: (p: string) => boolean,
): ManifestProblem[] {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return [{ kind: 'invalid', field: 'manifest', message: 'the manifest is not a JSON object' }];
	const manifest = value as Record<string, unknown>;
	const problems: ManifestProblem[] = [];
	const invalid = (field: ManifestProblem['field'], message: string) =>
		problems.push({ kind: 'invalid', field, message });
	if (typeof manifest.name !== 'string' || !NAME_PATTERN.test(manifest.name)) {
		invalid('name', '"name" must use only lowercase letters, digits, "_" and "."');
	} else if (manifest.name !== HOST_NAME) {
		invalid('name', `"name" is "${manifest.name}", expected "${HOST_NAME}"`);
	}
	if (typeof manifest.description !== 'string' || manifest.description.length === 0) {
		invalid('description', '"description" must be a non-empty string');
	}
	if (manifest.type !== 'stdio') invalid('type', '"type" must be "stdio"');
	if (typeof manifest.path !== 'string' || !isAbsolute(manifest.path)) {
		invalid('path', '"path" must be an absolute path');
	}
	const origins = manifest.allowed_origins;
	if (!Array.isArray(origins) || origins.length === 0) {
		invalid('allowed_origins', '"allowed_origins" must be a list naming the SafeDisk extension');
		return problems;
	}
	const ours = EXTENSION_IDS.map(extensionOrigin);
	for (const origin of origins) {
		if (typeof origin !== 'string' || !ORIGIN_PATTERN.test(origin)) {
			invalid(
				'allowed_origins',
				`allowed origin ${JSON.stringify(origin)} is not an exact chrome-extension://<id>/ origin`,
			);
		} else if (!ours.includes(origin)) {
			problems.push({
				kind: 'origin-unexpected',
				field: 'allowed_origins',
				message: `"allowed_origins" also allows ${origin}`,
			});
		}
	}
	if (!ours.every((origin) => origins.includes(origin))) {
		problems.push({
			kind: 'origin-missing',
			field: 'allowed_origins',
			message: `"allowed_origins" does not include ${ours.join(', ')}`,
		});
	}
	return problems;
}
