import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { currentPlatformEnvironment } from '../browsers/catalog.ts';
import { stateDirectory } from '../install/state-dir.ts';
import { log } from '../log.ts';

export interface AuditEntry {
	action: 'delete-item';
	outcome: 'deleted' | 'refused' | 'failed';
	scanId: string;
	itemId: string;
	category?: string;
	paths?: string[];
	approvedBytes: number;
	freedBytes?: number;
	code?: string;
}

// One JSON line per deletion attempt in the host's state folder, so a person can see afterwards
// exactly what SafeDisk removed and why something was refused.
export async function appendAudit(entry: AuditEntry): Promise<boolean> {
	const file = path.join(stateDirectory(currentPlatformEnvironment()), 'audit.log');
	try {
		await mkdir(path.dirname(file), { recursive: true });
		await appendFile(file, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
		return true;
	} catch (error) {
		// A full disk must not block freeing space; the failure is logged instead.
		log('warn', 'audit-log-failed', { file, error: String(error) });
		return false;
	}
}
