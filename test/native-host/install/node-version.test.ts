import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
	isSupportedNodeVersion,
	parseNodeVersion,
	probeNodeVersion,
} from '../../../native-host/install/node-version.ts';
import { MIN_NODE_VERSION } from '../../../shared/host-diagnosis.ts';

describe('the Node version the host needs', () => {
	it('agrees with the engines field of package.json', async () => {
		const manifest = JSON.parse(await readFile('package.json', 'utf8')) as {
			engines: { node: string };
		};
		expect(manifest.engines.node).toBe(`>=${MIN_NODE_VERSION.replace(/\.0$/, '')}`);
	});

	it('compares major, minor and patch as numbers', () => {
		expect(parseNodeVersion('v20.11.1\n')).toEqual([20, 11, 1]);
		expect(parseNodeVersion('not node')).toBeNull();
		expect(isSupportedNodeVersion('v20.11.0')).toBe(true);
		expect(isSupportedNodeVersion('v20.9.0')).toBe(false);
		expect(isSupportedNodeVersion('v20.10.99')).toBe(false);
		expect(isSupportedNodeVersion('v22.0.0')).toBe(true);
		expect(isSupportedNodeVersion('v18.19.1')).toBe(false);
		expect(isSupportedNodeVersion('garbage')).toBe(false);
	});

	it('asks a Node binary for its version, and gets null from a program that is not Node', async () => {
		expect(await probeNodeVersion(process.execPath)).toBe(process.version);
		expect(await probeNodeVersion('/nonexistent/node')).toBeNull();
	});
});
