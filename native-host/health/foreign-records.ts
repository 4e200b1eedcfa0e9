import type { OwnerClaim } from '../lock/takeover-decision.ts';

// What another tool's owner record or pid file says, kept as found (a pid of 0 or -3 included, so
// the report can show it) next to the claim the takeover decision may use.
export interface ForeignOwner {
	// The pid as written; null when the record names none.
	pid: number | null;
	hostname: string | null;
	token: string | null;
	createdAt: string | null;
	staleThresholdMs: number | null;
	claim: OwnerClaim;
	notes: string[];
}

// Linux never hands out pids above 2^22.
const MAX_PID = 4_194_304;

export function isUsablePid(pid: number): boolean {
	return Number.isSafeInteger(pid) && pid > 0 && pid <= MAX_PID;
}

// A pid file holds a decimal pid on its first line, perhaps padded (X11's .X0-lock) and perhaps
// followed by more lines. Anything else is not a pid file.
export function parsePidFile(text: string): ForeignOwner | null {
	const firstLine = text.split('\n', 1)[0] ?? '';
	const match = /^\s*(-?\d{1,12})\s*$/.exec(firstLine);
	if (!match?.[1]) return null;
	return ownerFromPid(Number(match[1]), null);
}

const PID_KEYS = ['pid', 'processId', 'process_id', 'ownerPid'];
const HOST_KEYS = ['hostname', 'host', 'machine'];
const TOKEN_KEYS = ['token', 'id', 'lockId', 'nonce'];
const CREATED_KEYS = [
	'createdAt',
	'created_at',
	'created-at',
	'created',
	'acquiredAt',
	'timestamp',
];
const STALE_KEYS = ['staleThresholdMs', 'staleMs', 'stale', 'ttlMs'];

// A JSON owner record of another tool: {token, pid, hostname, created-at, ...} under the names
// they commonly use. null when the text is not a JSON object naming at least a pid or a host.
export function parseForeignRecord(text: string): ForeignOwner | null {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const record = value as Record<string, unknown>;
	const rawPid = pick(record, PID_KEYS);
	const pid =
		typeof rawPid === 'number' ? rawPid : typeof rawPid === 'string' ? Number(rawPid) : null;
	const hostname = asString(pick(record, HOST_KEYS));
	if ((pid === null || Number.isNaN(pid)) && hostname === null) return null;
	const owner = ownerFromPid(pid === null || Number.isNaN(pid) ? null : pid, hostname);
	owner.token = asString(pick(record, TOKEN_KEYS));
	const created = pick(record, CREATED_KEYS);
	owner.createdAt =
		typeof created === 'number' ? new Date(created).toISOString() : asString(created);
	const stale = pick(record, STALE_KEYS);
	if (typeof stale === 'number' && Number.isFinite(stale) && stale > 0)
		owner.staleThresholdMs = stale;
	// Only identity fields the record states itself reach the decision; none is guessed.
	const bootId = asString(record.bootId);
	const pidNamespace = asString(record.pidNamespace);
	if (bootId !== null) owner.claim.bootId = bootId;
	if (pidNamespace !== null) owner.claim.pidNamespace = pidNamespace;
	if (typeof record.startTime === 'number') owner.claim.startTime = record.startTime;
	return owner;
}

function ownerFromPid(pid: number | null, hostname: string | null): ForeignOwner {
	const claim: OwnerClaim = {};
	const notes: string[] = [];
	if (pid !== null) {
		if (isUsablePid(pid)) claim.pid = pid;
		if (pid === 1) notes.push('The record names pid 1, the init process of its pid namespace.');
		if (!isUsablePid(pid))
			notes.push(`The record names pid ${pid}, which no process can have; it is ignored.`);
	}
	if (hostname !== null) claim.hostname = hostname;
	return {
		pid,
		hostname,
		token: null,
		createdAt: null,
		staleThresholdMs: null,
		claim,
		notes,
	};
}

function pick(record: Record<string, unknown>, keys: readonly string[]): unknown {
	for (const key of keys) if (Object.hasOwn(record, key)) return record[key];
	return undefined;
}

function asString(value: unknown): string | null {
	return typeof value === 'string' && value.length > 0 ? value.slice(0, 256) : null;
}
