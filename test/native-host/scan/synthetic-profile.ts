import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import path from 'node:path';
import { cacheStorageFolderName } from '../../../native-host/scan/cache-storage-sites.ts';

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';

interface SqlJs {
	Database: new () => { run(sql: string): void; export(): Uint8Array; close(): void };
}

function file(target: string, bytes: number | Buffer): void {
	mkdirSync(path.dirname(target), { recursive: true });
	writeFileSync(target, typeof bytes === 'number' ? Buffer.alloc(bytes, 0x61) : bytes);
}

// A simple-cache entry file: header with the key, then the body.
export function cacheEntry(key: string, bodyBytes: number): Buffer {
	const header = Buffer.alloc(24);
	Buffer.from([0x30, 0x5c, 0x72, 0xa7, 0x1b, 0x6d, 0xfb, 0xfc]).copy(header);
	header.writeUInt32LE(5, 8);
	header.writeUInt32LE(Buffer.byteLength(key), 12);
	return Buffer.concat([header, Buffer.from(key), Buffer.alloc(bodyBytes, 0x62)]);
}

async function quotaDatabase(rows: [number, string, string][]): Promise<Buffer> {
	const SQL = await (createRequire(import.meta.url)('sql.js') as () => Promise<SqlJs>)();
	const db = new SQL.Database();
	db.run(
		'CREATE TABLE buckets(id INTEGER PRIMARY KEY, storage_key TEXT NOT NULL, host TEXT NOT NULL, name TEXT NOT NULL, use_count INTEGER NOT NULL, last_accessed INTEGER NOT NULL, last_modified INTEGER NOT NULL, expiration INTEGER NOT NULL, quota INTEGER NOT NULL, persistent INTEGER NOT NULL, durability INTEGER NOT NULL)',
	);
	for (const [id, key, name] of rows) {
		db.run(`INSERT INTO buckets VALUES (${id}, '${key}', 'h', '${name}', 0, 0, 0, 0, 0, 0, 0)`);
	}
	const bytes = Buffer.from(db.export());
	db.close();
	return bytes;
}

// A user-data folder laid out as Chromium lays it out, with known sizes in every category, a
// cache folder mirroring the Default profile, and folders a newer browser might add.
export async function makeSyntheticUserData(
	base: string,
): Promise<{ userDataDir: string; cacheRoot: string }> {
	const userDataDir = path.join(base, 'config', 'chromium');
	const cacheRoot = path.join(base, 'cache', 'chromium');
	const profile = path.join(userDataDir, 'Default');
	file(
		path.join(userDataDir, 'Local State'),
		Buffer.from(
			JSON.stringify({
				profile: { info_cache: { Default: { name: 'Work' }, 'Profile 3': { name: 'Home' } } },
			}),
		),
	);
	symlinkSync(`${hostname()}-${process.pid}`, path.join(userDataDir, 'SingletonLock'));
	file(path.join(userDataDir, 'OptGuideOnDeviceModel', '2025.1.1', 'weights.bin'), 1_000_000);
	file(path.join(userDataDir, 'GrShaderCache', 'data_1'), 10_000);
	file(path.join(userDataDir, 'Crashpad', 'completed', 'report.dmp'), 30_000);
	file(path.join(userDataDir, 'NewThing2030', 'blob'), 15_000);

	file(path.join(profile, 'Preferences'), 2);
	file(
		path.join(profile, 'IndexedDB', 'https_mail.example_0.indexeddb.leveldb', '000003.log'),
		100_000,
	);
	file(
		path.join(profile, 'IndexedDB', 'https_mail.example_0.indexeddb.blob', '1', '00', '5'),
		200_000,
	);
	const newsFolder = cacheStorageFolderName('https://news.example') as string;
	file(
		path.join(profile, 'Service Worker', 'CacheStorage', newsFolder, 'uuid-1', 'aaaa_0'),
		300_000,
	);
	const docsFolder = path.join(profile, 'Service Worker', 'CacheStorage', 'f'.repeat(40));
	const storageKey = Buffer.from('https://docs.example/');
	file(
		path.join(docsFolder, 'index.txt'),
		Buffer.concat([Buffer.from([0x1a, storageKey.length]), storageKey]),
	);
	file(path.join(docsFolder, 'uuid-2', 'bbbb_0'), 120_000);
	file(
		path.join(profile, 'WebStorage', 'QuotaManager'),
		await quotaDatabase([
			[1, 'https://news.example/', '_default'],
			[5, 'https://docs.example/', 'drafts'],
		]),
	);
	file(
		path.join(profile, 'WebStorage', '5', 'IndexedDB', 'indexeddb.leveldb', '000003.log'),
		50_000,
	);
	// A LevelDB log record as Chromium writes it: put, key length, key, value length, value.
	const key = Buffer.from('ORIGIN:https_files.example_0');
	const origins = Buffer.concat([
		Buffer.from([1, key.length]),
		key,
		Buffer.from([3]),
		Buffer.from('000'),
	]);
	file(path.join(profile, 'File System', 'Origins', '000003.log'), origins);
	file(path.join(profile, 'File System', '000', 't', '00', '00000001'), 80_000);
	file(path.join(profile, 'Extensions', EXTENSION_ID, '1.0.0_0', 'big.js'), 20_000);
	file(path.join(profile, 'Extensions', EXTENSION_ID, '1.10.0_0', 'big.js'), 30_000);
	file(
		path.join(profile, 'Cache', 'Cache_Data', '0123456789abcdef_0'),
		cacheEntry(
			'1/0/_dk_https://video.example https://video.example https://video.example/a.mp4',
			500_000,
		),
	);
	file(path.join(profile, 'Cache', 'Cache_Data', 'index'), 24);
	file(path.join(profile, 'Future Feature Store', 'data'), 40_000);
	file(path.join(userDataDir, 'Profile 3', 'Preferences'), 2);
	file(path.join(userDataDir, 'Profile 3', 'Local Storage', 'leveldb', '000003.log'), 10_000);

	file(
		path.join(cacheRoot, 'Default', 'Cache', 'Cache_Data', 'fedcba9876543210_0'),
		cacheEntry(
			'1/0/_dk_https://shop.example https://shop.example https://cdn.example/app.js',
			250_000,
		),
	);
	file(
		path.join(cacheRoot, 'Default', 'Code Cache', 'js', '00112233445566ff_0'),
		cacheEntry('_keyhttps://cdn.example/app.js \nhttps://shop.example/', 60_000),
	);
	return { userDataDir, cacheRoot };
}
