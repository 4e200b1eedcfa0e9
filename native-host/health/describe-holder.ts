import type { LockHolder } from '../../shared/commands/lock-health.ts';
import { probeProcess } from '../lock/owner-evidence.ts';
import type { ObserverIdentity, OwnerClaim, ProcessProbe } from '../lock/takeover-decision.ts';
import { isUsablePid } from './foreign-records.ts';
import type { ProcessCache } from './process-view.ts';

export type HolderSource = LockHolder['source'];

// Who holds the lock, for a person: the pid as written, whether a process with that pid runs
// here and how that was found out. A pid from another host or pid namespace is not probed, since
// the local process of that number is someone else.
export async function describeHolder(
	pid: number | null,
	claim: OwnerClaim | null,
	source: HolderSource,
	gathered: ProcessProbe | null,
	observer: ObserverIdentity,
	probes: ProcessCache,
): Promise<LockHolder> {
	const holder: LockHolder = {
		pid,
		hostname: claim?.hostname ?? null,
		source,
		state: 'unknown',
		check: 'no-pid',
		errno: null,
		commandLine: null,
	};
	if (pid === null) return holder;
	if (!isUsablePid(pid)) return { ...holder, check: 'invalid-pid' };
	if (claim?.hostname !== undefined && claim.hostname !== observer.hostname)
		return { ...holder, check: 'not-probed-other-host' };
	if (
		claim?.pidNamespace !== undefined &&
		observer.pidNamespace !== null &&
		claim.pidNamespace !== observer.pidNamespace
	)
		return { ...holder, check: 'not-probed-other-pid-namespace' };
	const probe = gathered ?? (await probeProcess(pid, probes));
	holder.state = probe.state;
	holder.check = probe.reason;
	holder.errno = probe.errno ?? null;
	if (probe.state === 'alive') holder.commandLine = await probes.commandLine(pid);
	return holder;
}
