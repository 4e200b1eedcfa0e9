// SQLite's rollback journal, applied to an in-memory copy of a database. A browser in the middle
// of a write may already have put uncommitted pages into the database file; its "-journal" holds
// the original pages. Writing them back gives the last committed state, as SQLite itself would do
// when it finds a hot journal. Format: https://www.sqlite.org/fileformat.html (section 4.4).
const MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
const HEADER_BYTES = 28;

// The database as it was before the interrupted transaction. A journal whose header is not
// valid (committed, zeroed or truncated) means the database file is already consistent. Null when
// the restored database would be larger than `maxBytes` (the header's page count is not trusted).
export function applyRollbackJournal(
	database: Uint8Array,
	journal: Uint8Array,
	maxBytes: number,
): Uint8Array | null {
	const source = Buffer.from(journal.buffer, journal.byteOffset, journal.byteLength);
	if (source.length < HEADER_BYTES || !source.subarray(0, 8).equals(MAGIC)) return database;
	const sectorSize = source.readUInt32BE(20);
	const pageSize = source.readUInt32BE(24) || 65536;
	const originalPages = source.readUInt32BE(16);
	if (sectorSize < 512 || sectorSize > 65536 || pageSize < 512 || pageSize > 65536) return database;
	const size = Math.max(database.length, originalPages * pageSize);
	if (size > maxBytes) return null;
	const result = Buffer.alloc(size);
	result.set(database);
	const recordBytes = pageSize + 8;
	let header = 0;
	while (
		header + HEADER_BYTES <= source.length &&
		source.subarray(header, header + 8).equals(MAGIC)
	) {
		let records = source.readUInt32BE(header + 8);
		const nonce = source.readUInt32BE(header + 12);
		let offset = header + sectorSize;
		// A count of 0xffffffff means "as many records as the file holds".
		if (records === 0xffffffff) records = Math.floor((source.length - offset) / recordBytes);
		for (let index = 0; index < records && offset + recordBytes <= source.length; index += 1) {
			const pageNumber = source.readUInt32BE(offset);
			const page = source.subarray(offset + 4, offset + 4 + pageSize);
			const checksum = source.readUInt32BE(offset + 4 + pageSize);
			// A record with a bad checksum ends the valid part of the journal.
			if (pageNumber === 0 || checksumOf(page, nonce) !== checksum)
				return finish(result, originalPages, pageSize);
			page.copy(result, (pageNumber - 1) * pageSize);
			offset += recordBytes;
		}
		header = Math.ceil(offset / sectorSize) * sectorSize;
		if (records === 0) break;
	}
	return finish(result, originalPages, pageSize);
}

function checksumOf(page: Uint8Array, nonce: number): number {
	let sum = nonce;
	for (let at = page.length - 200; at > 0; at -= 200) sum = (sum + (page[at] as number)) >>> 0;
	return sum;
}

function finish(result: Buffer, originalPages: number, pageSize: number): Uint8Array {
	return originalPages > 0 ? result.subarray(0, originalPages * pageSize) : result;
}
