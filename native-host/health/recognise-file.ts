import { readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { HEALTH_DEFAULTS } from './defaults.ts';
import { type ForeignOwner, parseForeignRecord, parsePidFile } from './foreign-records.ts';
import {
	baseCandidate,
	dropHeartbeat,
	type LockCandidate,
	markUnknown,
	type StatedOwner,
} from './lock-candidate.ts';
import { isFlockConventionName, isPidFileName } from './lock-names.ts';
import { readCapped } from './read-capped.ts';

// Judges a lock-named file by its content: empty (exclusive create, as git's index.lock), a pid,
// a JSON owner record, or something else (unknown, listed all the same).
export function recogniseLockFile(filePath: string, stat: Stats): LockCandidate {
	const directory = path.dirname(filePath);
	const candidate = baseCandidate(
		filePath,
		directory,
		stat,
		'exclusive-create',
		'exclusive-create',
	);
	if (stat.isSymbolicLink()) {
		const target = readTarget(filePath);
		markUnknown(candidate, 'symlink', `A symlink to ${target.slice(0, 512)}; not followed.`);
		return candidate;
	}
	if (!stat.isFile()) {
		markUnknown(candidate, 'special-file', 'Not a regular file (a FIFO, socket or device).');
		return candidate;
	}
	candidate.heartbeat = {
		path: filePath,
		source: 'file-mtime',
		stat,
		at: stat.mtimeMs,
		staleThresholdMs: HEALTH_DEFAULTS.exclusiveCreateStaleMs,
	};
	// LevelDB's LOCK is only ever locked with flock(2); its mtime says nothing about a holder.
	if (isFlockConventionName(path.basename(filePath))) {
		candidate.kind = 'kernel-lock';
		candidate.convention = 'flock (LevelDB LOCK file)';
		dropHeartbeat(candidate);
		return candidate;
	}
	// git writes the new content into X.lock and renames it over X: any content is git's.
	if (gitWorktreeOf(filePath) !== null) {
		candidate.convention = 'git';
		return candidate;
	}
	if (stat.size === 0) return candidate;
	let content: { text: string; truncated: boolean };
	try {
		content = readCapped(filePath, HEALTH_DEFAULTS.recordReadCap);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
		markUnknown(candidate, 'unreadable', `Its content could not be read (${code}).`);
		return candidate;
	}
	if (content.truncated) {
		const looksJson = content.text.trimStart().startsWith('{');
		markUnknown(
			candidate,
			looksJson ? 'owner-record-too-large' : 'content-unrecognised',
			`Larger than ${HEALTH_DEFAULTS.recordReadCap} bytes; only the start was read.`,
		);
		return candidate;
	}
	const pidOwner = parsePidFile(content.text);
	if (pidOwner) {
		candidate.kind = 'pid-file';
		candidate.convention = 'pid file';
		dropHeartbeat(candidate);
		adoptOwner(candidate, pidOwner, 'pid-file');
		return candidate;
	}
	const recordOwner = parseForeignRecord(content.text);
	if (recordOwner) {
		candidate.kind = 'owner-record';
		candidate.convention = 'JSON owner record';
		candidate.heartbeat.staleThresholdMs =
			recordOwner.staleThresholdMs ?? HEALTH_DEFAULTS.ownerRecordStaleMs;
		adoptOwner(candidate, recordOwner, 'owner-record');
		return candidate;
	}
	const malformedJson = content.text.trimStart().startsWith('{');
	markUnknown(
		candidate,
		malformedJson ? 'owner-record-malformed' : 'content-unrecognised',
		isPidFileName(filePath)
			? 'A .pid file whose first line is not a pid.'
			: malformedJson
				? 'The owner record is not valid JSON naming a pid or a host.'
				: 'Its content follows no lock convention SafeDisk knows.',
	);
	return candidate;
}

export function adoptOwner(
	candidate: LockCandidate,
	found: ForeignOwner,
	source: StatedOwner['source'],
): void {
	candidate.owner = { pid: found.pid, hostname: found.hostname, source, claim: found.claim };
	candidate.notes.push(...found.notes);
}

// The work tree of a git lock file (the folder holding .git); null outside a .git folder.
export function gitWorktreeOf(filePath: string): string | null {
	const marker = `${path.sep}.git${path.sep}`;
	const at = filePath.lastIndexOf(marker);
	return at < 0 ? null : filePath.slice(0, at) || path.sep;
}

function readTarget(link: string): string {
	try {
		return readlinkSync(link);
	} catch {
		return '?';
	}
}
