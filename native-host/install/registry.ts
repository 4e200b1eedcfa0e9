import { execFile } from 'node:child_process';
import path from 'node:path';
import { SafeDiskError } from '../../shared/errors.ts';

// Windows browsers find a native host through a key under HKCU whose default value is the path of
// the manifest. The command lines are built by pure functions so they are tested on every system.

export function registryAddArgs(key: string, manifestPath: string): string[] {
	return ['add', key, '/ve', '/t', 'REG_SZ', '/d', manifestPath, '/f'];
}

export function registryQueryArgs(key: string): string[] {
	return ['query', key, '/ve'];
}

export function registryDeleteArgs(key: string): string[] {
	return ['delete', key, '/f'];
}

// reg.exe by absolute path when Windows says where it lives, so a changed PATH cannot swap it.
export function regExecutable(env: Record<string, string | undefined>): string {
	const root = env.SystemRoot ?? env.SYSTEMROOT;
	return root ? path.win32.join(root, 'System32', 'reg.exe') : 'reg';
}

// The default value from `reg query KEY /ve`. The value's name is localised ("(Default)",
// "(Standard)"...), so the line is recognised by its type column.
export function parseRegistryDefaultValue(output: string): string | null {
	for (const line of output.split(/\r?\n/)) {
		const match = /^\s+\S.*?\s{4}REG_(?:SZ|EXPAND_SZ)\s{4}(.*)$/.exec(line);
		if (match?.[1] !== undefined) return match[1];
		if (/^\s+\S.*?\s{4}REG_(?:SZ|EXPAND_SZ)\s*$/.test(line)) return '';
	}
	return null;
}

export type RegistryRunner = (args: string[]) => Promise<string>;

export function systemRegistryRunner(env: Record<string, string | undefined>): RegistryRunner {
	const executable = regExecutable(env);
	return (args) =>
		new Promise((resolve, reject) => {
			execFile(executable, args, { env, windowsHide: true, timeout: 30_000 }, (error, stdout) =>
				error ? reject(error) : resolve(stdout),
			);
		});
}

function registryError(action: string, key: string, error: unknown): SafeDiskError {
	const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
	return new SafeDiskError(
		'E_INSTALL_FAILED',
		missing
			? `Could not ${action} the registry key ${key}: the reg command was not found.`
			: `Could not ${action} the registry key ${key}: ${(error as Error).message}`,
		{ cause: error, details: { registryKey: key } },
	);
}

export async function addRegistryKey(
	run: RegistryRunner,
	key: string,
	manifestPath: string,
): Promise<void> {
	try {
		await run(registryAddArgs(key, manifestPath));
	} catch (error) {
		throw registryError('write', key, error);
	}
}

// The manifest path a key points at, or null when the key or its value does not exist. reg exits
// with 1 for a missing key; anything else (no reg at all) is an error.
export async function readRegistryKey(run: RegistryRunner, key: string): Promise<string | null> {
	try {
		return parseRegistryDefaultValue(await run(registryQueryArgs(key)));
	} catch (error) {
		if ((error as { code?: unknown }).code === 1) return null;
		throw registryError('read', key, error);
	}
}

export async function deleteRegistryKey(run: RegistryRunner, key: string): Promise<void> {
	try {
		await run(registryDeleteArgs(key));
	} catch (error) {
		throw registryError('delete', key, error);
	}
}
