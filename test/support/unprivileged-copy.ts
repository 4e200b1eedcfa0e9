import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Some tests run a fixture as uid 65534 (nobody), because root ignores permission bits. Such a
// child must be able to read the fixture, the build and the runtime packages. A checkout below a
// folder closed to other users (root's home is mode 700) is out of its reach; the tests then run
// those children from a world-readable copy of just what they load.
export const NOBODY = 65534;

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const COPY_VARIABLE = 'SAFEDISK_TEST_UNPRIVILEGED_COPY';
const FIXTURE_FOLDERS = [
	'test/lock/fixtures',
	'test/health/fixtures',
	'test/native-host/scan/fixtures',
];

function nobodyCanRead(file: string): boolean {
	const probe = spawnSync(
		process.execPath,
		['-e', 'require("fs").accessSync(process.argv[1])', file],
		{
			uid: NOBODY,
			gid: NOBODY,
		},
	);
	return probe.status === 0;
}

// Run once before the tests (in the global setup, after the build). Returns the cleanup.
export function prepareUnprivilegedCopy(): () => void {
	if (process.getuid?.() !== 0 || nobodyCanRead(path.join(REPOSITORY, 'package.json')))
		return () => undefined;
	const copy = mkdtempSync(path.join(tmpdir(), 'safedisk-unprivileged-'));
	chmodSync(copy, 0o755);
	const manifest = JSON.parse(readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8'));
	const runtime = Object.keys(manifest.dependencies ?? {}).map((name) => `node_modules/${name}`);
	for (const part of ['package.json', 'build', ...FIXTURE_FOLDERS, ...runtime])
		cpSync(path.join(REPOSITORY, part), path.join(copy, part), { recursive: true });
	process.env[COPY_VARIABLE] = copy;
	return () => rmSync(copy, { recursive: true, force: true });
}

// The path a child running as nobody should use for a file of the checkout.
export function reachableByNobody(file: string): string {
	const copy = process.env[COPY_VARIABLE];
	if (!copy) return file;
	const relative = path.relative(REPOSITORY, file);
	if (relative.startsWith('..') || path.isAbsolute(relative)) return file;
	return path.join(copy, relative);
}
