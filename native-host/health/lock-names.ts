// Which names look like locks. Names are only a first filter: content and the kernel lock table
// decide the kind.

// Package-manager lockfiles pin dependency versions; they are not locks.
const DEPENDENCY_LOCKFILES = new Set([
	'yarn.lock',
	'cargo.lock',
	'poetry.lock',
	'gemfile.lock',
	'composer.lock',
	'flake.lock',
	'pipfile.lock',
	'pdm.lock',
	'uv.lock',
	'podfile.lock',
	'mix.lock',
	'pubspec.lock',
	'bun.lock',
	'bun.lockb',
	'deno.lock',
	'package-lock.json',
	'pnpm-lock.yaml',
	'gradle.lockfile',
	'packages.lock.json',
	'conda-lock.yml',
]);

const LOCK_SUFFIX = /(?:^|[._-])(?:lock|lck|lockfile)$/i;

export function isDependencyLockfile(name: string): boolean {
	return DEPENDENCY_LOCKFILES.has(name.toLowerCase());
}

// A file or directory whose name follows a lock convention: foo.lock, foo.lck, LOCK, .X0-lock,
// Playwright's __dirlock; pid files end in .pid.
export function looksLikeLock(name: string): boolean {
	if (isDependencyLockfile(name)) return false;
	return LOCK_SUFFIX.test(name) || name === '__dirlock' || isPidFileName(name);
}

// Lock directories follow a narrower rule than files: packages such as `proper-lockfile/` or
// `async-lock/` in node_modules are folders named after locks, not locks.
export function looksLikeLockDirectory(name: string): boolean {
	return /(?:^|\.)(?:lock|lck)$/i.test(name) || name === '__dirlock';
}

export function isPidFileName(name: string): boolean {
	return /\.pid$/i.test(name);
}

// A SafeDisk recovery lock, held for the moment a takeover takes.
export function isSafeDiskRecoveryName(name: string): boolean {
	return name.endsWith('.lock.recovery');
}

// Working folders of a SafeDisk lock (staging, tombstones, a dead taker's recovery folder): they
// belong to a lock being created or removed and are not locks themselves.
export function isSafeDiskScratchName(name: string): boolean {
	return /\.lock(?:\.recovery)?\..+\.(?:staging|removed|dead)$/.test(name);
}

// Files used only with flock(2): the file stays when its lock is released, so an unheld one is
// normal. LevelDB and RocksDB name it LOCK.
export function isFlockConventionName(name: string): boolean {
	return name === 'LOCK';
}

// The resource a lock directory guards, by the R.lock naming convention; null when the name
// does not say.
export function guardedResource(lockPath: string): string | null {
	const match = /^(.+)\.lock$/.exec(lockPath);
	return match?.[1] ?? null;
}
