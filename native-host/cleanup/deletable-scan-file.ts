import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DELETE_WINDOW_MS } from '../../shared/commands/delete-item.ts';
import { BROWSING_DATA_TYPES, STORAGE_CATEGORIES } from '../../shared/storage-risk.ts';
import { currentPlatformEnvironment } from '../browsers/catalog.ts';
import { stateDirectory } from '../install/state-dir.ts';
import { log } from '../log.ts';
import { type LatestScan, readLatestScan, setLatestScan } from '../scan/latest-scan.ts';
import { readBrowserFile } from '../scan/read-browser-file.ts';
import { deletableIdentities, type PathIdentity, restoreIdentities } from './item-identity.ts';

// The browser starts one host process per popup, so the scan a popup showed would die with the
// popup. The host-deletable part of each scan, with the identity of every path it names, is kept
// in the state folder for the delete window: a popup reopened meanwhile can still free an item it
// shows, through a new host process, under the same checks. Nothing else of a scan is written.
const FOLDER_NAME = 'scans';
const FORMAT = 1;
// Scan ids are UUIDs made by the host; anything else never becomes part of a file name.
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SCAN_ID = new RegExp(`^${UUID}$`);
// A saved scan, or one being written.
const OWN_FILE = new RegExp(`^${UUID}\\.json(\\.[0-9a-f]{12}\\.tmp)?$`);
// Host-deletable items are browser-wide caches: a few per browser folder.
const SAVED_SCAN_CAP = 8 * 1024 * 1024;

const identitySchema = z.object({
	dev: z.number(),
	ino: z.number(),
	directory: z.boolean(),
	real: z.string().min(1),
	born: z.number(),
});

const itemSchema = z.object({
	id: z.string().min(1).max(64),
	browser: z.string().max(32),
	userDataDir: z.string().min(1),
	profile: z.string().nullable(),
	category: z.enum(STORAGE_CATEGORIES),
	site: z.string().nullable(),
	allocatedBytes: z.number().nonnegative(),
	hostDeletable: z.literal(true),
	browserApi: z
		.object({
			dataTypes: z.array(z.enum(BROWSING_DATA_TYPES)),
			origins: z.array(z.string()).nullable(),
		})
		.nullable(),
	locations: z.array(z.object({ path: z.string(), root: z.string(), whole: z.boolean() })),
});

const fileSchema = z.object({
	format: z.literal(FORMAT),
	scanId: z.string().min(1).max(64),
	scannedAt: z.number(),
	items: z.array(itemSchema),
	identities: z.array(z.tuple([z.string(), identitySchema])),
});

function scansFolder(): string {
	return path.join(stateDirectory(currentPlatformEnvironment()), FOLDER_NAME);
}

function fileOf(scanId: string): string | null {
	return SCAN_ID.test(scanId) ? path.join(scansFolder(), `${scanId}.json`) : null;
}

// The folder is SafeDisk's only if it is a real folder of this user: never through a symlink
// (its files are pruned), never one that someone else could have filled.
async function requireOwnFolder(folder: string): Promise<void> {
	const info = await lstat(folder);
	const uid = process.getuid?.();
	if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) {
		throw new Error(`${folder} is not a folder of this user`);
	}
}

// Scans past the delete window can never be deleted from; their files go, and only files this
// module names: whatever else lies in the folder is left alone.
async function pruneExpired(folder: string, now: number): Promise<void> {
	for (const name of await readdir(folder)) {
		if (!OWN_FILE.test(name)) continue;
		const file = path.join(folder, name);
		try {
			const info = await lstat(file);
			if (info.isFile() && now - info.mtimeMs > DELETE_WINDOW_MS) await unlink(file);
		} catch (error) {
			log('warn', 'deletable-scan-not-pruned', { file, error: String(error) });
		}
	}
}

// Writes the connection's latest scan, atomically and readable by the user only, in place of the
// one it replaces: as within a connection, only the latest scan of each connection can be deleted
// from. Best effort: a full disk must not fail the scan; a later host then answers "scan again".
export async function saveDeletableScan(
	memory: Map<string, unknown>,
	replaces: string | null,
): Promise<void> {
	const latest = readLatestScan(memory);
	const target = latest === null ? null : fileOf(latest.scanId);
	if (latest === null || target === null) return;
	const items = [...latest.items.values()].filter((item) => item.hostDeletable);
	const identities = [...(deletableIdentities(memory, latest.scanId) ?? new Map())];
	const content = JSON.stringify({
		format: FORMAT,
		scanId: latest.scanId,
		scannedAt: latest.scannedAt,
		items,
		identities,
	});
	const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
		await requireOwnFolder(path.dirname(target));
		await pruneExpired(path.dirname(target), Date.now());
		await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
		await rename(temporary, target);
		const replaced = replaces === null ? null : fileOf(replaces);
		if (replaced !== null && replaced !== target) await rm(replaced, { force: true });
	} catch (error) {
		await rm(temporary, { force: true }).catch(() => undefined);
		log('warn', 'deletable-scan-not-saved', { file: target, error: String(error) });
	}
}

// Makes the saved scan with this id the latest of a connection that has made none itself.
// Returns whether it did; an absent or damaged file leaves memory alone.
export async function restoreDeletableScan(
	memory: Map<string, unknown>,
	scanId: string,
): Promise<boolean> {
	const file = fileOf(scanId);
	if (file === null || readLatestScan(memory) !== null) return false;
	const read = await requireOwnFolder(path.dirname(file)).then(
		() => readBrowserFile(file, SAVED_SCAN_CAP),
		(error: unknown) => ({ status: 'unreadable', code: String(error) }) as const,
	);
	if (read.status !== 'ok') {
		if (read.status !== 'missing') log('warn', 'deletable-scan-unreadable', { file, ...read });
		return false;
	}
	const text = read.bytes.toString('utf8');
	let parsed: z.infer<typeof fileSchema>;
	try {
		parsed = fileSchema.parse(JSON.parse(text));
	} catch (error) {
		log('warn', 'deletable-scan-unreadable', { file, error: String(error) });
		return false;
	}
	if (parsed.scanId !== scanId) return false;
	const latest: LatestScan = {
		scanId: parsed.scanId,
		scannedAt: parsed.scannedAt,
		items: new Map(parsed.items.map((item) => [item.id, item])),
		restored: true,
	};
	setLatestScan(memory, latest);
	restoreIdentities(memory, parsed.scanId, new Map<string, PathIdentity>(parsed.identities));
	return true;
}
