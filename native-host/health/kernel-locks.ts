import { readFile } from 'node:fs/promises';

// One line of /proc/locks: a flock(2), POSIX fcntl or open-file-description lock on an inode.
export interface KernelLock {
	type: string;
	mode: string;
	// null for open-file-description locks, which belong to no process (the kernel shows -1).
	pid: number | null;
	// "major:minor" in hex, as /proc/locks writes it, with leading zeros removed.
	device: string;
	inode: number;
	// A waiter blocked on the lock ("->" lines), not a holder.
	blocked: boolean;
}

// /proc/locks: "1: FLOCK  ADVISORY  WRITE 12028 fe:00:2146371 0 EOF". Waiters carry "->".
export function parseKernelLocks(text: string): KernelLock[] {
	const locks: KernelLock[] = [];
	for (const line of text.split('\n')) {
		const fields = line.trim().split(/\s+/);
		const blocked = fields[1] === '->';
		const rest = blocked ? fields.slice(2) : fields.slice(1);
		const [type, , mode, pidText, where] = rest;
		if (!type || !mode || !pidText || !where) continue;
		const parts = where.split(':');
		if (parts.length !== 3) continue;
		const [major = '', minor = '', inodeText = ''] = parts;
		const inode = Number(inodeText);
		const pid = Number(pidText);
		if (!Number.isSafeInteger(inode)) continue;
		locks.push({
			type,
			mode,
			pid: Number.isSafeInteger(pid) && pid > 0 ? pid : null,
			device: deviceKey(Number.parseInt(major, 16), Number.parseInt(minor, 16)),
			inode,
			blocked,
		});
	}
	return locks;
}

export function deviceKey(major: number, minor: number): string {
	return `${major.toString(16)}:${minor.toString(16)}`;
}

// Linux's dev_t encoding (glibc's gnu_dev_major/minor), as Node's stat returns it.
export function splitDevice(dev: number): { major: number; minor: number } {
	const high = Math.floor(dev / 2 ** 32);
	const low = dev % 2 ** 32;
	const major = ((low >>> 8) & 0xfff) | ((high & 0xfffff000) >>> 0);
	const minor = ((low & 0xff) | ((low >>> 12) & 0xfff00) | ((high & 0xfff) << 20)) >>> 0;
	return { major, minor };
}

export function deviceKeyOf(dev: number): string {
	const { major, minor } = splitDevice(dev);
	return deviceKey(major, minor);
}

// The kernel lock table, indexed by device and inode. Empty where /proc/locks does not exist.
export class KernelLockTable {
	private readonly byInode = new Map<string, KernelLock[]>();
	private readonly devices = new Set<string>();
	readonly readAt: number;

	constructor(locks: readonly KernelLock[], readAt: number) {
		this.readAt = readAt;
		for (const lock of locks) {
			if (lock.blocked) continue;
			const key = `${lock.device}/${lock.inode}`;
			this.byInode.set(key, [...(this.byInode.get(key) ?? []), lock]);
			this.devices.add(lock.device);
		}
	}

	static async read(): Promise<KernelLockTable> {
		const text = await readFile('/proc/locks', 'utf8').catch(() => '');
		return new KernelLockTable(parseKernelLocks(text), Date.now());
	}

	hasLocksOn(dev: number): boolean {
		return this.devices.size > 0 && this.devices.has(deviceKeyOf(dev));
	}

	locksOn(dev: number, inode: number): KernelLock[] {
		return this.byInode.get(`${deviceKeyOf(dev)}/${inode}`) ?? [];
	}
}
