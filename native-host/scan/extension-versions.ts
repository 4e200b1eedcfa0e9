// Extension folders hold one sub-folder per installed version ("1.2.3_0"); the browser runs the
// newest and leaves older ones behind until its next cleanup.
export function newestVersion(names: readonly string[]): string | null {
	let best: string | null = null;
	for (const name of names) if (best === null || compareVersions(name, best) > 0) best = name;
	return best;
}

export function compareVersions(a: string, b: string): number {
	const left = a.split(/[._]/).map((part) => Number.parseInt(part, 10) || 0);
	const right = b.split(/[._]/).map((part) => Number.parseInt(part, 10) || 0);
	for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) return difference;
	}
	return a.localeCompare(b);
}
