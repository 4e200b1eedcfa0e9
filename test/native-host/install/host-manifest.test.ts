import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	buildHostManifest,
	findManifestProblems,
} from '../../../native-host/install/host-manifest.ts';
import { EXTENSION_IDS, extensionOrigin } from '../../../shared/extension-id.ts';

const OTHER = `chrome-extension://${'b'.repeat(32)}/`;
const problemsOf = (value: unknown) =>
	findManifestProblems(value, path.posix.isAbsolute).map((problem) => [
		problem.kind,
		problem.field,
	]);

describe("the host manifest against Chromium's rules", () => {
	const good = buildHostManifest('/home/ana/.local/share/safedisk/safedisk-host');

	it('is built with only SafeDisk extension ids and passes every rule', () => {
		expect(good.allowed_origins).toEqual(EXTENSION_IDS.map(extensionOrigin));
		expect(good.type).toBe('stdio');
		expect(problemsOf(good)).toEqual([]);
	});

	it('flags a name with capitals or dashes, an empty description, another type and a relative path', () => {
		expect(problemsOf({ ...good, name: 'com.SafeDisk-host' })).toEqual([['invalid', 'name']]);
		expect(problemsOf({ ...good, name: 'com.other.host' })).toEqual([['invalid', 'name']]);
		expect(problemsOf({ ...good, description: '' })).toEqual([['invalid', 'description']]);
		expect(problemsOf({ ...good, type: 'socket' })).toEqual([['invalid', 'type']]);
		expect(problemsOf({ ...good, path: 'safedisk-host' })).toEqual([['invalid', 'path']]);
		expect(problemsOf([good])).toEqual([['invalid', 'manifest']]);
	});

	it('tells a missing SafeDisk origin apart from an extra foreign one and from a wildcard', () => {
		expect(problemsOf({ ...good, allowed_origins: [OTHER] })).toEqual([
			['origin-unexpected', 'allowed_origins'],
			['origin-missing', 'allowed_origins'],
		]);
		expect(problemsOf({ ...good, allowed_origins: [...good.allowed_origins, OTHER] })).toEqual([
			['origin-unexpected', 'allowed_origins'],
		]);
		expect(problemsOf({ ...good, allowed_origins: ['chrome-extension://*/'] })).toEqual([
			['invalid', 'allowed_origins'],
			['origin-missing', 'allowed_origins'],
		]);
		expect(problemsOf({ ...good, allowed_origins: [] })).toEqual([['invalid', 'allowed_origins']]);
	});

	it('accepts a Windows manifest path when judged by Windows rules', () => {
		const windows = buildHostManifest(
			'C:\\Users\\Ana Maria\\AppData\\Local\\SafeDisk\\safedisk-host.cmd',
		);
		expect(findManifestProblems(windows, path.win32.isAbsolute)).toEqual([]);
	});
});
