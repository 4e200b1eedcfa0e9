import { readdir } from 'node:fs/promises';
import path from 'node:path';

// One entry of a folder the scan sorts. Names are bytes on Linux: a name that is not valid UTF-8
// would be changed by decoding, and the changed path would not be found again. Such an entry
// keeps its exact path as bytes, and its name is shown with the odd bytes escaped ("\xff").
export interface FolderEntry {
	name: string;
	path: string;
	// The path as bytes, set only when the name is not valid UTF-8: the path to measure it by.
	exactPath: Buffer | null;
	isDirectory: boolean;
}

// The entries of a folder, or null when it cannot be listed.
export async function listFolder(dir: string): Promise<FolderEntry[] | null> {
	return readFolderEntries(dir).catch(() => null);
}

// The entries of a folder; rejects with the system's error when it cannot be listed.
export async function readFolderEntries(dir: string): Promise<FolderEntry[]> {
	const raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
	const dirBytes = Buffer.from(dir);
	const separator = Buffer.from(path.sep);
	return raw.map((entry) => {
		const bytes = entry.name;
		const text = bytes.toString('utf8');
		const exact = !text.includes('\uFFFD') || Buffer.from(text).equals(bytes);
		const name = exact ? text : escapeOddBytes(bytes);
		return {
			name,
			path: path.join(dir, name),
			exactPath: exact ? null : Buffer.concat([dirBytes, separator, bytes]),
			isDirectory: entry.isDirectory(),
		};
	});
}

// Printable ASCII as it is, every other byte as \xNN: distinct names stay distinct.
export function escapeOddBytes(bytes: Uint8Array): string {
	let out = '';
	for (const byte of bytes) {
		out +=
			byte >= 0x20 && byte < 0x7f && byte !== 0x5c
				? String.fromCharCode(byte)
				: `\\x${byte.toString(16).padStart(2, '0')}`;
	}
	return out;
}
