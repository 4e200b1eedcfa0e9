import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_NAME } from '../../../shared/extension-id.ts';
import { makeTempHome, runSafedisk, type TempHome } from './cli-child.ts';

const isRoot = process.getuid?.() === 0;

let t: TempHome;
const undo: Array<() => void> = [];
beforeEach(async () => {
	t = await makeTempHome();
});
afterEach(async () => {
	for (const step of undo.splice(0).reverse()) step();
	await rm(t.home, { recursive: true, force: true });
});

const hostDir = () => path.join(t.configHome, 'chromium', 'NativeMessagingHosts');

async function exists(file: string): Promise<boolean> {
	return lstat(file).then(
		() => true,
		() => false,
	);
}

// The error line ends with "[CODE ERRNO]"; the path it names is data, not wording.
function expectRefusal(args: string[], code: string, namedPath: string, errno?: string) {
	const run = runSafedisk(['install', ...args], t.env);
	expect(run.status, run.stdout).toBe(1);
	expect(run.stderr).toContain(`[${code}${errno ? ` ${errno}` : ''}]`);
	expect(run.stderr).toContain(namedPath);
}

describe.skipIf(process.platform !== 'linux')(
	'install refuses folders it must not write into',
	() => {
		it('refuses a profile folder that does not exist or is a file, and creates nothing', async () => {
			const missing = path.join(t.home, 'mistyped profile');
			expectRefusal(['--user-data-dir', missing], 'E_PATH_NOT_FOUND', missing, 'ENOENT');
			expect(await exists(missing)).toBe(false);
			const file = path.join(t.home, 'a-file');
			await writeFile(file, '');
			expectRefusal(['--user-data-dir', file], 'E_NOT_A_DIRECTORY', file);
			expect(await exists(t.stateDir)).toBe(false);
		});

		it('refuses a manifest folder that is a symbolic link, and writes nothing at all', async () => {
			const elsewhere = path.join(t.home, 'elsewhere');
			await mkdir(elsewhere);
			await mkdir(path.dirname(hostDir()), { recursive: true });
			await symlink(elsewhere, hostDir());
			expectRefusal(['--browser', 'chromium'], 'E_INSTALL_FAILED', hostDir());
			expect(await readdir(elsewhere)).toEqual([]);
			// All or nothing: the wrapper and the state folder were not left behind.
			expect(await exists(t.stateDir)).toBe(false);
		});

		it('refuses to replace a manifest that is a symbolic link, and leaves its target as it was', async () => {
			const target = path.join(t.home, 'someone-elses.json');
			await writeFile(target, '{"mine":true}');
			await mkdir(hostDir(), { recursive: true });
			const manifestPath = path.join(hostDir(), `${HOST_NAME}.json`);
			await symlink(target, manifestPath);
			expectRefusal(['--browser', 'chromium'], 'E_INSTALL_FAILED', manifestPath);
			expect(await readFile(target, 'utf8')).toBe('{"mine":true}');
			expect((await lstat(manifestPath)).isSymbolicLink()).toBe(true);
		});

		it('refuses when one of several folders is a symbolic link, before writing into the others', async () => {
			await mkdir(path.join(t.configHome, 'microsoft-edge'), { recursive: true });
			await symlink(t.home, path.join(t.configHome, 'microsoft-edge', 'NativeMessagingHosts'));
			expectRefusal(
				['--browser', 'chromium', '--browser', 'edge'],
				'E_INSTALL_FAILED',
				'microsoft-edge',
			);
			expect(await exists(path.join(hostDir(), `${HOST_NAME}.json`))).toBe(false);
			expect(await exists(path.join(t.configHome, 'chromium'))).toBe(false);
		});

		// Root ignores mode bits; an immutable folder refuses even root (EPERM).
		it.skipIf(!isRoot && !process.env.CI)(
			'fails with a coded error naming a manifest folder that takes no new file',
			async () => {
				if (!isRoot) throw new Error('This check needs root (chattr +i); CI runs as root.');
				await mkdir(hostDir(), { recursive: true });
				execFileSync('chattr', ['+i', hostDir()]);
				undo.push(() => execFileSync('chattr', ['-i', hostDir()]));
				expectRefusal(['--browser', 'chromium'], 'E_INSTALL_FAILED', hostDir(), 'EPERM');
				expect(await readdir(hostDir())).toEqual([]);
				expect(await exists(t.stateDir)).toBe(false);
			},
		);
	},
);
