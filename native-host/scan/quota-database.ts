import { createRequire } from 'node:module';
import path from 'node:path';
import { type ReadContext, readBrowserFile } from './read-browser-file.ts';
import { applyRollbackJournal } from './rollback-journal.ts';
import { SCAN_DEFAULTS } from './scan-defaults.ts';
import { originFromStorageKey } from './site-names.ts';

// What the browser's QuotaManager database says about the storage buckets in WebStorage/<id>/.
export interface QuotaBucket {
	id: number;
	storageKey: string;
	origin: string | null;
	name: string;
}

// "too-large": the database (or its journal) is bigger than the scan reads; see SCAN_DEFAULTS.
export type QuotaDatabaseStatus = 'ok' | 'missing' | 'unreadable' | 'corrupt' | 'too-large';

export interface QuotaBuckets {
	status: QuotaDatabaseStatus;
	buckets: Map<number, QuotaBucket>;
	errorCode: string | null;
}

interface SqlStatementResult {
	columns: string[];
	values: unknown[][];
}
interface SqlDatabase {
	exec(sql: string): SqlStatementResult[];
	close(): void;
}
interface SqlModule {
	Database: new (data?: Uint8Array) => SqlDatabase;
}

const READ_STATUS = {
	missing: 'missing',
	'too-large': 'too-large',
	'not-a-file': 'unreadable',
	unreadable: 'unreadable',
} as const satisfies Record<string, QuotaDatabaseStatus>;

let sqlModule: Promise<SqlModule> | null = null;

// sql.js is SQLite compiled to WebAssembly: no native build, and it only ever sees a copy.
function loadSql(): Promise<SqlModule> {
	if (sqlModule === null) {
		const require = createRequire(import.meta.url);
		const init = require('sql.js') as () => Promise<SqlModule>;
		sqlModule = init();
	}
	return sqlModule;
}

// Reads the bucket table from a copy of "WebStorage/QuotaManager" held in memory. The browser's
// file is only read, never opened as a database, so its locks and journals are left alone; a hot
// rollback journal is applied to the copy, which then shows the last committed state. Files
// larger than the cap are not read at all.
export async function readQuotaBuckets(
	webStorageDir: string,
	context: ReadContext = {},
	cap: number = SCAN_DEFAULTS.quotaDatabaseBytes,
): Promise<QuotaBuckets> {
	const databasePath = path.join(webStorageDir, 'QuotaManager');
	const read = await readBrowserFile(databasePath, cap, context);
	if (read.status !== 'ok') return failed(READ_STATUS[read.status], read.code);
	const database: Uint8Array = read.bytes;
	const journalRead = await readBrowserFile(`${databasePath}-journal`, cap, context);
	if (journalRead.status === 'too-large') return failed('too-large', journalRead.code);
	const journal = journalRead.status === 'ok' ? journalRead.bytes : null;
	// A WAL-mode header would make SQLite look for shared memory it cannot have in a copy; the copy
	// is read as a rollback-journal database instead (the last checkpoint's state).
	if (database.length > 19 && database[18] === 2 && database[19] === 2) {
		database[18] = 1;
		database[19] = 1;
	}
	const restored = journal === null ? database : applyRollbackJournal(database, journal, cap);
	if (restored === null) return failed('too-large', 'EFBIG');
	let sql: SqlModule;
	try {
		sql = await loadSql();
	} catch (error) {
		return {
			status: 'unreadable',
			buckets: new Map(),
			errorCode: String((error as Error).message),
		};
	}
	let db: SqlDatabase | null = null;
	try {
		db = new sql.Database(restored);
		const [result] = db.exec('SELECT id, storage_key, name FROM buckets');
		const buckets = new Map<number, QuotaBucket>();
		for (const [id, storageKey, name] of result?.values ?? []) {
			if (typeof id !== 'number' || typeof storageKey !== 'string') continue;
			buckets.set(id, {
				id,
				storageKey,
				origin: originFromStorageKey(storageKey),
				name: typeof name === 'string' ? name : '',
			});
		}
		return { status: 'ok', buckets, errorCode: null };
	} catch (error) {
		return { status: 'corrupt', buckets: new Map(), errorCode: sqliteCode(error) };
	} finally {
		try {
			db?.close();
		} catch {
			// The copy is discarded either way.
		}
	}
}

function failed(status: QuotaDatabaseStatus, errorCode: string): QuotaBuckets {
	return { status, buckets: new Map(), errorCode };
}

function sqliteCode(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.slice(0, 200);
}
