import { readFileSync } from 'node:fs';

// The version from package.json, read once; the built host runs from build/native-host/.
function readVersion(): string {
	for (const candidate of ['../../package.json', '../../../package.json']) {
		try {
			const parsed = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
				name?: string;
				version?: string;
			};
			if (parsed.name === 'safedisk' && typeof parsed.version === 'string') return parsed.version;
		} catch {
			// Try the next layout.
		}
	}
	return '0.0.0';
}

export const SAFEDISK_VERSION = readVersion();
