import { execFile } from 'node:child_process';
import { MIN_NODE_VERSION } from '../../shared/host-diagnosis.ts';

export function parseNodeVersion(text: string): [number, number, number] | null {
	const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
	if (!match) return null;
	return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function isSupportedNodeVersion(version: string, minimum = MIN_NODE_VERSION): boolean {
	const have = parseNodeVersion(version);
	const need = parseNodeVersion(minimum);
	if (!have || !need) return false;
	for (let index = 0; index < 3; index += 1) {
		const a = have[index] ?? 0;
		const b = need[index] ?? 0;
		if (a !== b) return a > b;
	}
	return true;
}

// What `<node> --version` prints, or null when the program does not answer like Node. NODE_OPTIONS
// is left out: the browser does not pass the person's shell settings to the host either.
export function probeNodeVersion(nodePath: string): Promise<string | null> {
	const { NODE_OPTIONS: _ignored, ...env } = process.env;
	return new Promise((resolve) => {
		execFile(
			nodePath,
			['--version'],
			{ env, timeout: 15_000, windowsHide: true },
			(error, stdout) => {
				const version = String(stdout).trim();
				resolve(error || parseNodeVersion(version) === null ? null : version);
			},
		);
	});
}
