import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MountEntry {
	mountPoint: string;
	fsType: string;
	source: string;
	options: string[];
}

// /proc/self/mountinfo escapes space, tab, newline and backslash as octal.
function unescapeMountField(field: string): string {
	return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
		String.fromCharCode(Number.parseInt(octal, 8)),
	);
}

export function parseMountInfo(text: string): MountEntry[] {
	const entries: MountEntry[] = [];
	for (const line of text.split('\n')) {
		const separator = line.indexOf(' - ');
		if (separator < 0) continue;
		const before = line.slice(0, separator).split(' ');
		const after = line.slice(separator + 3).split(' ');
		const mountPoint = before[4];
		const mountOptions = before[5];
		const fsType = after[0];
		const source = after[1];
		const superOptions = after[2];
		if (!mountPoint || !mountOptions || !fsType || source === undefined) continue;
		entries.push({
			mountPoint: unescapeMountField(mountPoint),
			fsType,
			source: unescapeMountField(source),
			options: [...mountOptions.split(','), ...(superOptions ?? '').split(',')],
		});
	}
	return entries;
}

// The mount that holds a path: the longest mount point that is a prefix of it (last one wins on ties).
export function findMount(entries: readonly MountEntry[], realPath: string): MountEntry | null {
	let best: MountEntry | null = null;
	for (const entry of entries) {
		const inside =
			realPath === entry.mountPoint ||
			entry.mountPoint === '/' ||
			realPath.startsWith(
				entry.mountPoint.endsWith(path.sep) ? entry.mountPoint : entry.mountPoint + path.sep,
			);
		if (inside && (best === null || entry.mountPoint.length >= best.mountPoint.length))
			best = entry;
	}
	return best;
}

export async function readMounts(): Promise<MountEntry[]> {
	try {
		return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
	} catch {
		// Not Linux (or /proc hidden): mount details are reported as unknown.
		return [];
	}
}
