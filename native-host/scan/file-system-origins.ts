import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { type ReadContext, readBrowserFile } from './read-browser-file.ts';
import { SCAN_DEFAULTS } from './scan-defaults.ts';
import { originFromIdentifier } from './site-names.ts';

const KEY_PREFIX = Buffer.from('ORIGIN:');

// "File System/<NNN>/" folders belong to the sites listed in the small LevelDB database
// "File System/Origins" as key "ORIGIN:<identifier>" -> value "<NNN>". LevelDB's log and table
// files keep short keys and values verbatim, so the records are found by scanning the bytes: a
// varint key length, the key, a varint value length and the value. Later files win, as in
// LevelDB. Records hidden by table compression are not found; their folders stay unattributed.
export async function readFileSystemOrigins(
	fileSystemDir: string,
	context: ReadContext = {},
): Promise<Map<string, string>> {
	const originsDir = path.join(fileSystemDir, 'Origins');
	let names: string[];
	try {
		names = (await readdir(originsDir)).filter((name) => /\.(log|ldb)$/.test(name)).sort();
	} catch {
		return new Map();
	}
	const folders = new Map<string, string>();
	for (const name of names) {
		const read = await readBrowserFile(
			path.join(originsDir, name),
			SCAN_DEFAULTS.fileSystemOriginsFileBytes,
			context,
		);
		if (read.status !== 'ok') continue;
		for (const [folder, origin] of scanRecords(read.bytes)) folders.set(folder, origin);
	}
	return folders;
}

function* scanRecords(bytes: Buffer): Generator<[string, string]> {
	for (let at = bytes.indexOf(KEY_PREFIX); at > 1; at = bytes.indexOf(KEY_PREFIX, at + 1)) {
		// Log record: <key length> key <value length> value.
		const logKeyEnd = at + (bytes[at - 1] as number);
		const logRecord = record(bytes, at, logKeyEnd, logKeyEnd + 1, bytes[logKeyEnd]);
		// Table entry: <shared> <unshared key length> <value length> key+8-byte trailer value.
		const tableKeyEnd = at + (bytes[at - 2] as number) - 8;
		const tableRecord = record(bytes, at, tableKeyEnd, tableKeyEnd + 8, bytes[at - 1]);
		const found = logRecord ?? tableRecord;
		if (found) yield found;
	}
}

function record(
	bytes: Buffer,
	keyStart: number,
	keyEnd: number,
	valueStart: number,
	valueLength: number | undefined,
): [string, string] | null {
	if (keyEnd <= keyStart + KEY_PREFIX.length || valueLength === undefined || valueLength > 16) {
		return null;
	}
	if (valueStart + valueLength > bytes.length) return null;
	const value = bytes.subarray(valueStart, valueStart + valueLength).toString('latin1');
	if (!/^\d{3,}$/.test(value)) return null;
	const identifier = bytes.subarray(keyStart + KEY_PREFIX.length, keyEnd).toString('utf8');
	const origin = originFromIdentifier(identifier);
	return origin === null ? null : [value, origin];
}
