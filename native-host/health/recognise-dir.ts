import { lstatSync, opendirSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';
import { claimOf, heartbeatAgeMs, parseRecord, RECORD_FILE } from '../lock/owner-record.ts';
import { HEALTH_DEFAULTS } from './defaults.ts';
import { parseForeignRecord } from './foreign-records.ts';
import { baseCandidate, type LockCandidate, markUnknown } from './lock-candidate.ts';
import { readCapped } from './read-capped.ts';
import { adoptOwner } from './recognise-file.ts';

const HEARTBEAT_FILE = 'heartbeat';
const RECORD_NAMES = [RECORD_FILE, 'lock.json', 'info.json', 'meta.json', 'owner', 'info'];

// A directory that is a lock by its content alone: a heartbeat file beside an owner record.
export function holdsOwnerRecordAndHeartbeat(names: readonly string[]): boolean {
	return names.includes(HEARTBEAT_FILE) && recordName(names) !== null;
}

// Judges a lock directory by what it holds: a SafeDisk owner record, another tool's owner record
// and heartbeat file, nothing (mkdir plus mtime, as proper-lockfile), or something else.
export function recogniseLockDirectory(
	dirPath: string,
	stat: Stats,
	now: number,
	knownNames?: readonly string[],
): LockCandidate {
	const candidate = baseCandidate(
		dirPath,
		path.dirname(dirPath),
		stat,
		'mkdir-mtime',
		'mkdir lock',
	);
	candidate.heartbeat = {
		path: dirPath,
		source: 'directory-mtime',
		stat,
		at: stat.mtimeMs,
		staleThresholdMs: HEALTH_DEFAULTS.mkdirStaleMs,
	};
	let names: readonly string[];
	try {
		names = knownNames ?? listBounded(dirPath, stat);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
		markUnknown(candidate, 'unreadable', `Its content could not be listed (${code}).`);
		return candidate;
	}
	if (names.length === 0) {
		const name = path.basename(dirPath);
		candidate.convention =
			name === '__dirlock' ? 'Playwright (proper-lockfile)' : 'mkdir lock (proper-lockfile style)';
		return candidate;
	}
	const record = recordName(names);
	if (record === null) {
		const shown = names.slice(0, 5).join(', ');
		markUnknown(candidate, 'content-unrecognised', `Holds files of no known convention: ${shown}.`);
		return candidate;
	}
	readRecord(candidate, path.join(dirPath, record), names.includes(HEARTBEAT_FILE), now);
	return candidate;
}

function readRecord(
	candidate: LockCandidate,
	recordPath: string,
	hasHeartbeatFile: boolean,
	now: number,
): void {
	let text: string;
	let recordStat: Stats;
	try {
		recordStat = lstatSync(recordPath);
		const content = readCapped(recordPath, HEALTH_DEFAULTS.recordReadCap);
		if (content.truncated) {
			markUnknown(
				candidate,
				'owner-record-too-large',
				`The owner record is larger than ${HEALTH_DEFAULTS.recordReadCap} bytes; only its start was read.`,
			);
			return;
		}
		text = content.text;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
		markUnknown(candidate, 'unreadable', `The owner record could not be read (${code}).`);
		return;
	}
	const own = path.basename(recordPath) === RECORD_FILE ? parseRecord(text) : null;
	if (own) {
		candidate.kind = 'safedisk';
		candidate.convention = 'SafeDisk';
		candidate.owner = {
			pid: own.pid,
			hostname: own.hostname,
			source: 'owner-record',
			claim: claimOf(own),
		};
		candidate.heartbeat = {
			path: recordPath,
			source: 'owner-record',
			stat: recordStat,
			at: now - heartbeatAgeMs(own, recordStat.mtimeMs, now),
			staleThresholdMs: own.staleThresholdMs,
		};
		return;
	}
	const foreign = parseForeignRecord(text);
	if (!foreign) {
		markUnknown(
			candidate,
			'owner-record-malformed',
			'The owner record is not valid JSON naming a pid or a host.',
		);
		return;
	}
	candidate.kind = 'owner-record';
	candidate.convention = hasHeartbeatFile ? 'owner record and heartbeat file' : 'owner record';
	adoptOwner(candidate, foreign, 'owner-record');
	const heartbeatPath = hasHeartbeatFile ? path.join(candidate.path, HEARTBEAT_FILE) : recordPath;
	const heartbeatStat = hasHeartbeatFile
		? (lstatSync(heartbeatPath, { throwIfNoEntry: false }) ?? null)
		: recordStat;
	candidate.heartbeat = {
		path: heartbeatPath,
		source: 'file-mtime',
		stat: heartbeatStat,
		at: heartbeatStat?.mtimeMs ?? null,
		staleThresholdMs: foreign.staleThresholdMs ?? HEALTH_DEFAULTS.ownerRecordStaleMs,
	};
}

function recordName(names: readonly string[]): string | null {
	const named = RECORD_NAMES.find((name) => names.includes(name));
	if (named) return named;
	const json = names.filter((name) => name.endsWith('.json'));
	return json.length === 1 ? (json[0] ?? null) : null;
}

// The names in a lock directory, read only up to the bound: a lock directory holds a few files.
// A small directory (one block) is read in one call; a large one entry by entry, up to the bound.
function listBounded(dirPath: string, stat: Stats): string[] {
	if (stat.size <= 4096)
		return readdirSync(dirPath).slice(0, HEALTH_DEFAULTS.maxLockDirEntries + 1);
	const names: string[] = [];
	const dir = opendirSync(dirPath);
	try {
		for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
			names.push(entry.name);
			if (names.length > HEALTH_DEFAULTS.maxLockDirEntries) break;
		}
	} finally {
		dir.closeSync();
	}
	return names;
}
