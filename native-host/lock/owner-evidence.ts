import { readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { ObserverIdentity, OwnerClaim, ProcessProbe } from './takeover-decision.ts';

// Who this process is, in the terms an owner record uses. Read once: none of it changes while
// the process runs.
export interface ProcessIdentity extends ObserverIdentity {
	pid: number;
	startTime: number | null;
}

let cachedIdentity: ProcessIdentity | null = null;

export function localIdentity(): ProcessIdentity {
	cachedIdentity ??= {
		pid: process.pid,
		startTime: parseStartTime(readOptional(() => readFileSync('/proc/self/stat', 'utf8'))),
		hostname: hostname(),
		bootId: readOptional(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
		pidNamespace: readPidNamespace(),
	};
	return cachedIdentity;
}

function readPidNamespace(): string | null {
	// Systems without pid namespaces have a single pid space; name it so that both sides agree.
	if (process.platform !== 'linux') return `${process.platform}:single-pid-space`;
	return readOptional(() => readlinkSync('/proc/self/ns/pid'));
}

function readOptional<T>(read: () => T): T | null {
	try {
		return read();
	} catch {
		return null;
	}
}

interface ProcStat {
	state: string;
	startTime: number;
}

// /proc/<pid>/stat: the command name sits in parentheses and may itself hold spaces or ')', so
// fields are counted from the last ')'. Field 3 is the state, field 22 the start time.
export function parseProcStat(text: string | null): ProcStat | null {
	if (text === null) return null;
	const close = text.lastIndexOf(')');
	if (close < 0) return null;
	const fields = text.slice(close + 2).split(' ');
	const state = fields[0];
	const startTime = Number(fields[19]);
	if (state === undefined || !Number.isSafeInteger(startTime)) return null;
	return { state, startTime };
}

function parseStartTime(text: string | null): number | null {
	return parseProcStat(text)?.startTime ?? null;
}

// The two calls a probe makes; replaceable so a test can answer EPERM or ESRCH on demand.
export interface ProbeSystem {
	signal(pid: number): void;
	readStat(pid: number): Promise<string>;
}

const realProbeSystem: ProbeSystem = {
	signal: (pid) => {
		process.kill(pid, 0);
	},
	readStat: (pid) => readFile(`/proc/${pid}/stat`, 'utf8'),
};

// Is the pid running, as seen from this pid namespace? EPERM means a process exists that we may
// not signal: alive. A zombie has finished running: dead.
export async function probeProcess(
	pid: number,
	system: ProbeSystem = realProbeSystem,
): Promise<ProcessProbe> {
	// kill(0) and negative pids address process groups: never probe them.
	if (!Number.isSafeInteger(pid) || pid <= 0)
		return { state: 'unknown', reason: 'invalid-pid', startTime: null };
	let refused = false;
	try {
		system.signal(pid);
	} catch (error) {
		const code = errnoOf(error);
		if (code === 'ESRCH')
			return { state: 'dead', reason: 'no-such-process', startTime: null, errno: code };
		if (code !== 'EPERM')
			return { state: 'unknown', reason: 'probe-failed', startTime: null, errno: code };
		refused = true;
	}
	let stat: ProcStat | null = null;
	try {
		stat = parseProcStat(await system.readStat(pid));
	} catch (error) {
		// Gone between the signal and the read; without /proc (macOS) ENOENT says nothing.
		if (errnoOf(error) === 'ENOENT' && !refused && localIdentity().startTime !== null) {
			return { state: 'dead', reason: 'no-such-process', startTime: null, errno: 'ENOENT' };
		}
	}
	if (stat !== null && (stat.state === 'Z' || stat.state === 'X')) {
		return { state: 'dead', reason: 'zombie', startTime: stat.startTime };
	}
	const startTime = stat?.startTime ?? null;
	if (refused) return { state: 'alive', reason: 'permission-denied', startTime, errno: 'EPERM' };
	return { state: 'alive', reason: 'running', startTime };
}

export interface GatheredOwnerEvidence {
	observer: ObserverIdentity;
	probe: ProcessProbe | null;
}

// Probes the owner only where a pid means something: same host and same pid namespace. A pid
// from elsewhere is no evidence at all, so it is not even looked at.
export async function gatherOwnerEvidence(
	owner: OwnerClaim | null,
	observer: ObserverIdentity = localIdentity(),
	system: ProbeSystem = realProbeSystem,
): Promise<GatheredOwnerEvidence> {
	const pid = owner?.pid;
	const comparable =
		pid !== undefined &&
		owner?.hostname === observer.hostname &&
		owner.pidNamespace !== undefined &&
		owner.pidNamespace === observer.pidNamespace;
	const probe = comparable ? await probeProcess(pid, system) : null;
	const { hostname: host, bootId, pidNamespace } = observer;
	return { observer: { hostname: host, bootId, pidNamespace }, probe };
}

function errnoOf(error: unknown): string | undefined {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	return typeof code === 'string' ? code : undefined;
}
