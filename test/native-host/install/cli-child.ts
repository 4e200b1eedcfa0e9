import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HostDiagnosis } from '../../../shared/host-diagnosis.ts';
import { HOST_ENTRY } from '../../support/host-process.ts';

export interface CliRun {
	status: number | null;
	stdout: string;
	stderr: string;
}

// A throwaway home: HOME, XDG_CONFIG_HOME and SAFEDISK_STATE_DIR point inside it, so the built
// CLI writes nowhere else.
export interface TempHome {
	home: string;
	configHome: string;
	stateDir: string;
	env: NodeJS.ProcessEnv;
}

export async function makeTempHome(): Promise<TempHome> {
	const home = await mkdtemp(path.join(tmpdir(), 'safedisk-home-'));
	const configHome = path.join(home, '.config');
	const stateDir = path.join(home, '.local', 'share', 'safedisk');
	const { XDG_DATA_HOME: _data, SAFEDISK_LOG: _log, ...inherited } = process.env;
	return {
		home,
		configHome,
		stateDir,
		env: { ...inherited, HOME: home, XDG_CONFIG_HOME: configHome, SAFEDISK_STATE_DIR: stateDir },
	};
}

export function runSafedisk(args: string[], env: NodeJS.ProcessEnv): CliRun {
	const run = spawnSync(process.execPath, [HOST_ENTRY, ...args], { env, encoding: 'utf8' });
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function doctorJson(
	args: string[],
	env: NodeJS.ProcessEnv,
): { status: number | null; diagnosis: HostDiagnosis } {
	const run = runSafedisk(['doctor', '--json', ...args], env);
	try {
		return { status: run.status, diagnosis: JSON.parse(run.stdout) as HostDiagnosis };
	} catch {
		throw new Error(`doctor --json printed no JSON (exit ${run.status}): ${run.stderr}`);
	}
}
