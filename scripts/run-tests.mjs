#!/usr/bin/env node
// Runs every check and test, then prints the closing line CI reads: "N passed, N failed".
// Lint, formatting, type checks and the build count as one test each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const checks = [
	['lint and format', 'npx', ['biome', 'check', '.']],
	['types: native host', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
	['types: extension', 'npx', ['tsc', '-p', 'tsconfig.extension.json']],
	['types: tests and benchmarks', 'npx', ['tsc', '-p', 'tsconfig.test.json']],
	['build', 'npm', ['run', '--silent', 'build']],
];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const [name, command, args] of checks) {
	const result = spawnSync(command, args, { stdio: 'inherit' });
	if (result.status === 0) {
		passed += 1;
		console.log(`✓ ${name}`);
	} else {
		failed += 1;
		console.log(`✗ ${name} (exit ${result.status ?? result.signal})`);
	}
}

mkdirSync('test-artifacts', { recursive: true });
const report = 'test-artifacts/vitest.json';
rmSync(report, { force: true });
const extra = process.argv.slice(2);
spawnSync(
	'npx',
	[
		'vitest',
		'run',
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${report}`,
		...extra,
	],
	{ stdio: 'inherit', env: { ...process.env, SAFEDISK_TEST_BUILT: failed === 0 ? '1' : '0' } },
);
try {
	const results = JSON.parse(readFileSync(report, 'utf8'));
	passed += results.numPassedTests;
	failed += results.numFailedTests;
	skipped += results.numPendingTests + results.numTodoTests;
	// A test file that fails to load has no test results of its own; count it as a failure.
	for (const file of results.testResults) {
		if (file.status === 'failed' && file.assertionResults.length === 0) failed += 1;
	}
} catch (error) {
	console.log(`✗ test runner produced no report: ${error.message}`);
	failed += 1;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
