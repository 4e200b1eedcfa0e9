import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DELETE_WINDOW_MS } from '../../shared/commands/delete-item.ts';
import { BROWSING_DATA_TYPES, STORAGE_CATEGORIES } from '../../shared/storage-risk.ts';
import { currentPlatformEnvironment, stateDirectory } from '../install/state-dir.ts';
import { log } from '../log.ts';
import { LATEST_SCAN_KEY, type LatestScan, readLatestScan } from '../scan/latest-scan.ts';
import { deletableIdentities, type PathIdentity, restoreIdentities } from './item-identity.ts';

// The browser starts one host process per popup, so the scan a popup showed would die with the
// popup. The host-deletable part of each scan, with the identity of every path it names, is kept
// in the state folder for the delete window: a popup reopened meanwhile can still free an item it
// shows, through a new host process, under the same checks. Nothing else of a scan is written.
const FOLDER_NAME = 'scans';
const FORMAT = 1;
// Scan ids are UUIDs made by the host; anything else never becomes part of a file name.
const SCAN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const identitySchema = z.object({
	dev: z.number(),
	ino: z.number(),
	directory: z.boolean(),
	real: z.string().min(1),
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

// Scans past the delete window can never be deleted from; their files go.
async function pruneExpired(folder: string, now: number): Promise<void> {
	for (const name of await readdir(folder).catch(() => [])) {
		const file = path.join(folder, name);
		const info = await stat(file).catch(() => null);
		if (info && now - info.mtimeMs > DELETE_WINDOW_MS) await rm(file, { force: true });
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
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch {
		return false;
	}
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
	};
	memory.set(LATEST_SCAN_KEY, latest);
	restoreIdentities(memory, parsed.scanId, new Map<string, PathIdentity>(parsed.identities));
	return true;
}
