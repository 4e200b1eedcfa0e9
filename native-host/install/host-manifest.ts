import { EXTENSION_IDS, extensionOrigin, HOST_NAME } from '../../shared/extension-id.ts';

export interface HostManifest {
	name: string;
	description: string;
	path: string;
	type: 'stdio';
	allowed_origins: string[];
}

export function buildHostManifest(wrapperPath: string): HostManifest {
	return {
		name: HOST_NAME,
		description: 'SafeDisk native host: measures disk, browser storage and lock directories.',
		path: wrapperPath,
		type: 'stdio',
		allowed_origins: EXTENSION_IDS.map(extensionOrigin),
	};
}

// The rules Chromium applies before it will start a host; any broken one gives
// "Specified native messaging host not found".
export function findManifestProblems(value: unknown, isAbsolute: (p: string) => boolean): string[] {
	if (typeof value !== 'object' || value === null) return ['the manifest is not a JSON object'];
	const manifest = value as Record<string, unknown>;
	const problems: string[] = [];
	if (typeof manifest.name !== 'string' || !/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(manifest.name)) {
		problems.push('"name" must use only lowercase letters, digits, "_" and "."');
	} else if (manifest.name !== HOST_NAME) {
		problems.push(`"name" is "${manifest.name}", expected "${HOST_NAME}"`);
	}
	if (typeof manifest.description !== 'string' || manifest.description.length === 0) {
		problems.push('"description" must be a non-empty string');
	}
	if (manifest.type !== 'stdio') problems.push('"type" must be "stdio"');
	if (typeof manifest.path !== 'string' || !isAbsolute(manifest.path)) {
		problems.push('"path" must be an absolute path');
	}
	const origins = manifest.allowed_origins;
	if (!Array.isArray(origins) || origins.length === 0) {
		problems.push('"allowed_origins" must list the SafeDisk extension');
	} else {
		for (const origin of origins) {
			if (typeof origin !== 'string' || !/^chrome-extension:\/\/[a-p]{32}\/$/.test(origin)) {
				problems.push(
					`allowed origin ${JSON.stringify(origin)} is not an exact chrome-extension://<id>/ origin`,
				);
			}
		}
		const expected = EXTENSION_IDS.map(extensionOrigin);
		if (!expected.every((origin) => origins.includes(origin))) {
			problems.push('"allowed_origins" does not include the SafeDisk extension id');
		}
	}
	return problems;
}
