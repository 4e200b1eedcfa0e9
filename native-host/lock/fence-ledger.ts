import { crc32 } from 'node:zlib';
import { log } from '../log.ts';
import { errnoOf } from './lock-errors.ts';
import type { LockFs } from './lock-fs.ts';
import { type LockPaths, type OwnerRecord, parseRecord } from './owner-record.ts';

// The fencing ledger R.lock.fence holds the record of the newest holder: written when a lock is
// acquired (as part of acquiring: if it cannot be written, the acquisition is undone) and again
// with state "released" when it is given back. It outlives the lock directory, so it carries
// fencing numbers across releases, takeovers and restarts, and it tells a newcomer whether the
// previous holder let go or had its directory removed from under it.
//
// Layout: two fixed-size slots, each "<sequence> <checksum> <record JSON>" padded with spaces.
// A write overwrites the older slot in place, so the newest complete record is readable at every
// moment, a torn or interrupted write fails its checksum and is ignored, and no new file or inode
// is needed after the first write: a full disk cannot keep a holder from recording its release.
// Only the holder of R.lock writes, so writes never race each other.
const SLOT_BYTES = 1024;
const SLOTS = 2;

export interface LedgerEntry {
	record: OwnerRecord;
	sequence: number;
}

export function readLedgerSync(fs: LockFs, paths: LockPaths): LedgerEntry | null {
	let text: string;
	try {
		text = fs.readFileSync(paths.fencePath);
	} catch (error) {
		if (errnoOf(error) !== 'ENOENT') {
			log('warn', 'lock.fence-unreadable', { fencePath: paths.fencePath, errno: errnoOf(error) });
		}
		return null;
	}
	// Newest sequence first; the other slot is only needed when the newest fails its checksum.
	const slots = [0, 1].sort((x, y) => slotSequence(text, y) - slotSequence(text, x));
	for (const slot of slots) {
		const entry = parseSlot(text, slot);
		if (entry !== null) return entry;
	}
	if (text.length > 0) log('warn', 'lock.fence-damaged', { fencePath: paths.fencePath });
	return null;
}

// Slots hold ASCII only (see toAscii), so characters and bytes line up.
function slotSequence(text: string, slot: number): number {
	const match = /^\d+/.exec(text.slice(slot * SLOT_BYTES, slot * SLOT_BYTES + 20));
	return match === null ? -1 : Number(match[0]);
}

function parseSlot(text: string, slot: number): LedgerEntry | null {
	const content = text.slice(slot * SLOT_BYTES, (slot + 1) * SLOT_BYTES);
	const match = /^(\d+) ([0-9a-f]{8}) (\{.*\}) *$/s.exec(content);
	if (match === null) return null;
	const [, sequence, checksum, json] = match;
	if (sequence === undefined || json === undefined || checksum !== checksumOf(sequence, json)) {
		return null;
	}
	const record = parseRecord(json);
	return record === null ? null : { record, sequence: Number(sequence) };
}

// JSON with every non-ASCII character escaped, so that a slot is a fixed number of bytes and of
// characters alike (a hostname may hold any Unicode).
function toAscii(json: string): string {
	return json.replace(
		/[^\x20-\x7e]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

function checksumOf(sequence: string, json: string): string {
	return crc32(`${sequence} ${json}`).toString(16).padStart(8, '0');
}

// Writes `record` as the entry after `previousSequence` (0 for none) and returns its sequence.
// While it holds R.lock, a holder is the only writer, so it can count on from what it wrote last.
export function writeLedgerSync(
	fs: LockFs,
	paths: LockPaths,
	record: OwnerRecord,
	previousSequence: number,
): number {
	const sequence = String(previousSequence + 1);
	const json = toAscii(JSON.stringify(record));
	const text = `${sequence} ${checksumOf(sequence, json)} ${json}`;
	const used = Buffer.byteLength(text);
	if (used > SLOT_BYTES)
		throw new RangeError(`owner record of ${used} bytes exceeds the ledger slot`);
	const slot = Buffer.alloc(SLOT_BYTES, ' ');
	slot.write(text, 0, 'latin1');
	fs.writeAtSync(paths.fencePath, (Number(sequence) % SLOTS) * SLOT_BYTES, slot);
	return Number(sequence);
}

// The next fencing number: above every number the ledger and the previous owner ever held, and
// never below the wall clock in milliseconds, so numbers keep growing even if the ledger was lost
// (deleted, or not yet on disk when the machine lost power).
export function nextFence(...previous: Array<OwnerRecord | null | undefined>): number {
	let highest = 0;
	for (const record of previous) if (record) highest = Math.max(highest, record.fence);
	return Math.max(highest + 1, Date.now());
}
