import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { localIdentity } from '../../native-host/lock/owner-evidence.ts';
import {
	type OwnerRecord,
	RECORD_CONVENTION,
	serializeRecord,
} from '../../native-host/lock/owner-record.ts';

// Plants a SafeDisk lock directory as another process would have left it, with a heartbeat
// `ageMs` old. The owner defaults to this process on this host, boot and pid namespace.
export function plantLock(
	resource: string,
	owner: Partial<OwnerRecord>,
	ageMs: number,
): OwnerRecord {
	const identity = localIdentity();
	const refreshed = new Date(Date.now() - ageMs);
	const record: OwnerRecord = {
		convention: RECORD_CONVENTION,
		token: randomBytes(16).toString('hex'),
		pid: identity.pid,
		startTime: identity.startTime,
		bootId: identity.bootId,
		pidNamespace: identity.pidNamespace,
		hostname: identity.hostname,
		acquiredAt: refreshed.toISOString(),
		refreshedAt: refreshed.toISOString(),
		heartbeatIntervalMs: 250,
		staleThresholdMs: 2000,
		fence: 5,
		state: 'healthy',
		...owner,
	};
	mkdirSync(`${resource}.lock`);
	const file = `${resource}.lock/owner.json`;
	writeFileSync(file, serializeRecord(record));
	utimesSync(file, refreshed, refreshed);
	return record;
}

// The pid of a process that has run and exited (and been reaped).
export function deadPid(): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['-e', '']);
		child.on('error', reject);
		child.on('exit', () => resolve(child.pid as number));
	});
}
