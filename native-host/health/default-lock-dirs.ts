import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LockProblem } from '../../shared/commands/lock-health.ts';
import { SafeDiskError } from '../../shared/errors.ts';
import type { PlatformEnvironment } from '../browsers/catalog.ts';
import { currentPlatformEnvironment } from '../browsers/catalog.ts';
import { stateDirectory } from '../install/state-dir.ts';
import { HEALTH_DEFAULTS, LOCK_DIRS_CONFIG } from './defaults.ts';
import { type LockRoot, resolveLockRoot } from './lock-roots.ts';

export interface DefaultLocation {
	path: string;
	depth: number;
	// Whose locks live there, for README.md and --help.
	holder: string;
}

// Known lock locations of popular tools. Only those that exist are checked; git repositories and
// whole home folders are never walked by default (the home folder only at its top level).
export function defaultLockLocations(environment: PlatformEnvironment): DefaultLocation[] {
	const { home, env } = environment;
	const uid = typeof process.getuid === 'function' ? process.getuid() : null;
	const runtime =
		env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR)
			? env.XDG_RUNTIME_DIR
			: uid === null
				? null
				: `/run/user/${uid}`;
	const locations: DefaultLocation[] = [
		{ path: home, depth: 0, holder: 'lock files beside dotfiles, such as ~/.claude.json.lock' },
		{ path: path.join(home, '.claude'), depth: 4, holder: 'Claude Code' },
		{ path: path.join(home, '.codex'), depth: 4, holder: 'Codex CLI' },
		{ path: path.join(home, '.gemini'), depth: 4, holder: 'Gemini CLI' },
		{
			path: path.join(home, '.cache/ms-playwright'),
			depth: 2,
			holder: 'Playwright (proper-lockfile)',
		},
		{ path: stateDirectory(environment), depth: 2, holder: 'SafeDisk' },
		{ path: '/run/lock', depth: 2, holder: 'system lock directory (flock, pid files)' },
		{ path: '/var/lock', depth: 2, holder: 'system lock directory (usually /run/lock)' },
		{ path: '/tmp', depth: 0, holder: 'X11 display locks and other top-level lock files' },
	];
	if (runtime !== null)
		locations.push({ path: runtime, depth: 2, holder: "the user's runtime directory" });
	return locations;
}

const configSchema = z
	.object({
		dirs: z
			.array(
				z.union([
					z.string().min(1).max(4096),
					z
						.object({
							path: z.string().min(1).max(4096),
							depth: z.number().int().min(0).max(16).optional(),
						})
						.strict(),
				]),
			)
			.max(256),
	})
	.strict();

export interface DefaultRoots {
	roots: LockRoot[];
	// A malformed configuration file or a configured directory that is missing.
	problems: LockProblem[];
}

// The default set: the known locations that exist here, plus the directories listed in
// lock-dirs.json in SafeDisk's state folder.
export async function defaultLockRoots(
	environment: PlatformEnvironment = currentPlatformEnvironment(),
): Promise<DefaultRoots> {
	const roots: LockRoot[] = [];
	const problems: LockProblem[] = [];
	const add = (root: LockRoot): void => {
		if (!roots.some((known) => known.path === root.path)) roots.push(root);
	};
	for (const location of defaultLockLocations(environment)) {
		try {
			add(await resolveLockRoot(location.path, 'default', undefined, location.depth));
		} catch {
			// A tool that is not installed here has no folder: nothing to check.
		}
	}
	const configPath = path.join(stateDirectory(environment), LOCK_DIRS_CONFIG);
	for (const entry of await readConfig(configPath, problems)) {
		const input = typeof entry === 'string' ? entry : entry.path;
		const depth =
			typeof entry === 'string'
				? HEALTH_DEFAULTS.walkDepth
				: (entry.depth ?? HEALTH_DEFAULTS.walkDepth);
		try {
			add(await resolveLockRoot(input, 'config', undefined, depth));
		} catch (error) {
			const code = error instanceof SafeDiskError ? error.code : 'E_INTERNAL';
			problems.push({
				path: input,
				verdict: null,
				reason: code,
				message: `${configPath} lists ${input}: ${(error as Error).message}`,
			});
		}
	}
	return { roots, problems };
}

async function readConfig(
	configPath: string,
	problems: LockProblem[],
): Promise<z.infer<typeof configSchema>['dirs']> {
	let text: string;
	try {
		text = await readFile(configPath, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		problems.push({
			path: configPath,
			verdict: null,
			reason: 'config-unreadable',
			message: (error as Error).message,
		});
		return [];
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	const checked = configSchema.safeParse(parsed);
	if (!checked.success) {
		problems.push({
			path: configPath,
			verdict: null,
			reason: 'config-malformed',
			message: `${configPath} must hold {"dirs": ["~/path", {"path": "/abs", "depth": 2}]}.`,
		});
		return [];
	}
	return checked.data.dirs;
}
