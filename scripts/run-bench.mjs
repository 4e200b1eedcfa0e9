#!/usr/bin/env node
// Runs every benchmark in turn. Each prints its figures and its ratios against the peers it
// measured in the same run (proper-lockfile, du, plain stat). Run on an otherwise idle machine.
import { spawnSync } from 'node:child_process';

const benches = ['bench:lock', 'bench:scan', 'bench:health'];
const only = process.argv.slice(2);
let failed = 0;
for (const name of benches) {
	if (only.length > 0 && !only.some((wanted) => name.endsWith(wanted))) continue;
	console.log(`\n=== ${name} ===`);
	const result = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
	if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
