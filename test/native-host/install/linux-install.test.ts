import { spawn } from 'node:child_process';
import {
	chmod,
	lstat,
	mkdir,
	readdir,
	readFile,
	rm,
	stat,
	unlink,
	writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findManifestProblems } from '../../../native-host/install/host-manifest.ts';
import { wrapperScript } from '../../../native-host/install/wrapper.ts';
import { HOST_NAME } from '../../../shared/extension-id.ts';
import type { HostFindingCode } from '../../../shared/host-diagnosis.ts';
import { EXTENSION_ORIGIN, frame, HOST_ENTRY } from '../../support/host-process.ts';
import { doctorJson, makeTempHome, runSafedisk, type TempHome } from './cli-child.ts';

const OTHER_ORIGIN = `chrome-extension://${'c'.repeat(32)}/`;
const FIX = 'safedisk install --browser chromium';

let t: TempHome;
beforeEach(async () => {
	t = await makeTempHome();
});
afterEach(async () => {
	await rm(t.home, { recursive: true, force: true });
});

const manifestIn = (userDataDir: string) =>
	path.join(userDataDir, 'NativeMessagingHosts', `${HOST_NAME}.json`);
const chromiumManifest = () => manifestIn(path.join(t.configHome, 'chromium'));
const edgeManifest = () => manifestIn(path.join(t.configHome, 'microsoft-edge'));
const wrapperPath = () => path.join(t.stateDir, 'safedisk-host');

function install(...args: string[]): void {
	const run = runSafedisk(['install', ...args], t.env);
	expect(run.status, run.stderr).toBe(0);
}

async function exists(file: string): Promise<boolean> {
	return lstat(file).then(
		() => true,
		() => false,
	);
}

// Starts the wrapper as Chromium does (origin as first argument, minimal PATH) and asks for ping.
async function pingThroughWrapper(
	wrapper: string,
): Promise<{ value: unknown; exit: number | null; stray: number }> {
	const child = spawn(wrapper, [EXTENSION_ORIGIN, '--parent-window=0'], {
		env: { PATH: '/nonexistent', HOME: t.home },
		stdio: 'pipe',
	});
	const chunks: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
	const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
	child.stdin.write(
		frame(Buffer.from(JSON.stringify({ v: 1, id: 'p', command: 'ping', payload: {} }))),
	);
	const deadline = Date.now() + 20_000;
	while (
		Buffer.concat(chunks).length < 4 ||
		Buffer.concat(chunks).length < 4 + Buffer.concat(chunks).readUInt32LE(0)
	) {
		if (Date.now() > deadline) throw new Error('no reply from the wrapper');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	child.stdin.end();
	const code = await exit;
	const out = Buffer.concat(chunks);
	const length = out.readUInt32LE(0);
	const reply = JSON.parse(out.subarray(4, 4 + length).toString('utf8')) as { value: unknown };
	return { value: reply.value, exit: code, stray: out.length - 4 - length };
}

describe.skipIf(process.platform !== 'linux')(
	'install, doctor and uninstall on Linux, for real',
	() => {
		it("writes a manifest that meets Chromium's rules and a wrapper that answers ping", async () => {
			install('--browser', 'chromium');
			const manifest = JSON.parse(await readFile(chromiumManifest(), 'utf8'));
			expect(findManifestProblems(manifest, path.isAbsolute)).toEqual([]);
			expect(manifest.name).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/);
			expect(`${manifest.name}.json`).toBe(path.basename(chromiumManifest()));
			expect(manifest.description.length).toBeGreaterThan(0);
			expect(manifest.type).toBe('stdio');
			expect(manifest.path).toBe(wrapperPath());
			expect(manifest.allowed_origins).toEqual([EXTENSION_ORIGIN]);
			expect((await stat(manifest.path)).mode & 0o111).toBe(0o111);

			const { value, exit, stray } = await pingThroughWrapper(manifest.path);
			expect(value).toMatchObject({
				protocolVersion: 1,
				nodeVersion: process.version,
				homeDir: t.home,
			});
			expect(exit).toBe(0);
			expect(stray).toBe(0);
		});

		it('registers only inside the profile folder named by --user-data-dir', async () => {
			const profile = path.join(t.home, 'work profile');
			await mkdir(profile);
			install('--user-data-dir', profile);
			expect(await exists(manifestIn(profile))).toBe(true);
			// Chromium is installed on this machine, yet its standard folder stays untouched.
			expect(await exists(t.configHome)).toBe(false);
			expect(doctorJson(['--user-data-dir', profile], t.env).status).toBe(0);
			await unlink(manifestIn(profile));
			const { status, diagnosis } = doctorJson([], t.env);
			expect(status).toBe(1);
			expect(diagnosis.findings).toContainEqual(
				expect.objectContaining({
					code: 'manifest-missing',
					fix: `safedisk install --user-data-dir '${profile}'`,
				}),
			);
		});

		it('has the doctor say healthy, then name each broken link and the command that fixes it', {
			timeout: 240_000,
		}, async () => {
			install('--browser', 'chromium');
			const healthy = runSafedisk(['doctor', '--browser', 'chromium'], t.env);
			expect(healthy.status, healthy.stdout).toBe(0);
			expect(doctorJson(['--browser', 'chromium'], t.env).diagnosis.findings).toEqual([]);

			const manifestText = await readFile(chromiumManifest(), 'utf8');
			const manifest = JSON.parse(manifestText);
			const fakeNode = path.join(t.home, 'bin', 'node');
			const writeWrapper = (nodePath: string, entryPath = HOST_ENTRY) =>
				writeFile(wrapperPath(), wrapperScript('linux', nodePath, entryPath), { mode: 0o755 });
			const writeFakeNode = async (script: string, mode: number) => {
				await rm(path.dirname(fakeNode), { recursive: true, force: true });
				await mkdir(path.dirname(fakeNode));
				await writeFile(fakeNode, script, { mode });
				await writeWrapper(fakeNode);
			};
			const breakages: Array<[string, () => Promise<void>, HostFindingCode]> = [
				['the manifest is deleted', () => unlink(chromiumManifest()), 'manifest-missing'],
				[
					'the manifest is cut short',
					() => writeFile(chromiumManifest(), manifestText.slice(0, 40)),
					'manifest-invalid',
				],
				[
					'the name has capitals',
					() =>
						writeFile(
							chromiumManifest(),
							JSON.stringify({ ...manifest, name: 'Com.SafeDisk.Host' }),
						),
					'manifest-invalid',
				],
				[
					'the type is not stdio',
					() => writeFile(chromiumManifest(), JSON.stringify({ ...manifest, type: 'pipe' })),
					'manifest-invalid',
				],
				[
					'the origin is another extension',
					() =>
						writeFile(
							chromiumManifest(),
							JSON.stringify({ ...manifest, allowed_origins: [OTHER_ORIGIN] }),
						),
					'origin-missing',
				],
				[
					'another extension is allowed too',
					() =>
						writeFile(
							chromiumManifest(),
							JSON.stringify({ ...manifest, allowed_origins: [EXTENSION_ORIGIN, OTHER_ORIGIN] }),
						),
					'origin-unexpected',
				],
				['the wrapper is deleted', () => unlink(wrapperPath()), 'wrapper-missing'],
				[
					'the wrapper lost its execute bits',
					() => chmod(wrapperPath(), 0o644),
					'wrapper-not-executable',
				],
				[
					'the wrapper is some other script',
					() => writeFile(wrapperPath(), '#!/bin/sh\nexec node "$@"\n'),
					'wrapper-unrecognised',
				],
				[
					'the wrapper names a Node that is gone',
					() => writeWrapper('/nonexistent/bin/node'),
					'node-missing',
				],
				[
					'the Node it names is not executable',
					() => writeFakeNode('#!/bin/sh\necho v22.0.0\n', 0o644),
					'node-not-executable',
				],
				[
					'the Node it names is too old',
					() => writeFakeNode('#!/bin/sh\necho v18.19.1\n', 0o755),
					'node-too-old',
				],
				[
					'the Node it names is not Node',
					() => writeFakeNode('#!/bin/sh\nexit 3\n', 0o755),
					'node-unusable',
				],
				[
					'the SafeDisk entry is gone',
					() => writeWrapper(process.execPath, path.join(t.home, 'gone', 'main.js')),
					'entry-missing',
				],
			];
			for (const [situation, breakIt, code] of breakages) {
				await breakIt();
				const { status, diagnosis } = doctorJson(['--browser', 'chromium'], t.env);
				expect(status, situation).toBe(1);
				const finding = diagnosis.findings.find((candidate) => candidate.code === code);
				expect(finding, `${situation}: ${JSON.stringify(diagnosis.findings)}`).toMatchObject({
					severity: 'problem',
					target: 'Chromium',
				});
				expect(finding?.fix, situation).toContain(FIX);
				const text = runSafedisk(['doctor', '--browser', 'chromium'], t.env);
				expect(text.status, situation).toBe(1);
				expect(
					text.stdout.split('\n').some((line) => line.includes(`[${code}]`) && line.includes(FIX)),
					situation,
				).toBe(true);

				install('--browser', 'chromium');
				expect(
					doctorJson(['--browser', 'chromium'], t.env).status,
					`repaired after: ${situation}`,
				).toBe(0);
			}
		});

		it('keeps the first registration when a second install names another browser, and uninstall removes both', async () => {
			install('--browser', 'chromium');
			install('--browser', 'edge');
			expect(doctorJson(['--browser', 'chromium', '--browser', 'edge'], t.env).status).toBe(0);

			const foreignManifest = path.join(path.dirname(chromiumManifest()), 'com.example.other.json');
			await writeFile(foreignManifest, '{"name":"com.example.other"}');
			const foreignState = path.join(t.stateDir, 'deletions.log');
			await writeFile(foreignState, 'kept\n');

			const run = runSafedisk(['uninstall'], t.env);
			expect(run.status, run.stderr).toBe(0);
			expect(await exists(chromiumManifest())).toBe(false);
			expect(await exists(edgeManifest())).toBe(false);
			expect(await exists(wrapperPath())).toBe(false);
			expect(await exists(path.join(t.stateDir, 'install.json'))).toBe(false);
			// What SafeDisk did not write stays, and so do the folders holding it.
			expect(await readFile(foreignManifest, 'utf8')).toBe('{"name":"com.example.other"}');
			expect(await readFile(foreignState, 'utf8')).toBe('kept\n');
			// Folders install created and that are empty again are gone.
			expect(await exists(path.join(t.configHome, 'microsoft-edge'))).toBe(false);
			expect(await readdir(path.join(t.configHome, 'chromium', 'NativeMessagingHosts'))).toEqual([
				'com.example.other.json',
			]);
		});

		it('leaves a manifest alone once it no longer names the SafeDisk wrapper', async () => {
			install('--browser', 'chromium');
			const replaced = JSON.stringify({
				name: HOST_NAME,
				path: '/opt/elsewhere/host',
				type: 'stdio',
			});
			await writeFile(chromiumManifest(), replaced);
			const run = runSafedisk(['uninstall'], t.env);
			expect(run.status).toBe(0);
			expect(await readFile(chromiumManifest(), 'utf8')).toBe(replaced);
			expect(await exists(wrapperPath())).toBe(false);
		});

		it('finds a registration that a lost install record forgot', async () => {
			install('--browser', 'chromium');
			await unlink(path.join(t.stateDir, 'install.json'));
			expect(runSafedisk(['uninstall'], t.env).status).toBe(0);
			expect(await exists(chromiumManifest())).toBe(false);
			expect(await exists(wrapperPath())).toBe(false);
		});

		it('says there is nothing to remove when nothing was installed', () => {
			const run = runSafedisk(['uninstall'], t.env);
			expect(run.status).toBe(0);
			expect(run.stdout).toMatch(/Nothing to remove/);
		});
	},
);
