import type { SafeDiskError } from '../../shared/errors.ts';
import type { HostFindingCode } from '../../shared/host-diagnosis.ts';

export type HostProblem =
	| { kind: 'not-installed' }
	| { kind: 'forbidden'; detail: string }
	| { kind: 'failed'; code: string; detail: string };

// Chromium reports native-messaging failures only as text; these are its stable phrasings.
export function diagnoseHostError(error: SafeDiskError): HostProblem {
	const reason = typeof error.details?.reason === 'string' ? error.details.reason : error.message;
	if (/native messaging host not found/i.test(reason)) return { kind: 'not-installed' };
	if (/forbidden/i.test(reason) || error.code === 'E_ORIGIN_REFUSED')
		return { kind: 'forbidden', detail: reason };
	return { kind: 'failed', code: error.code, detail: reason };
}

// What `safedisk doctor` checks that can produce what Chromium said. The browser gives no more
// than its sentence, so these are candidates for doctor to confirm, not a diagnosis.
const CANDIDATES: [RegExp, HostFindingCode[]][] = [
	[/not found/i, ['manifest-missing', 'manifest-invalid', 'registry-missing', 'browser-sandboxed']],
	[/forbidden/i, ['origin-missing']],
	[
		/failed to start/i,
		['wrapper-missing', 'wrapper-not-executable', 'node-missing', 'node-not-executable'],
	],
	[/exited/i, ['node-too-old', 'node-unusable', 'entry-missing']],
];

export function likelyFindings(problem: HostProblem): HostFindingCode[] {
	const text = problem.kind === 'not-installed' ? 'not found' : problem.detail;
	return CANDIDATES.find(([pattern]) => pattern.test(text))?.[1] ?? [];
}

export const INSTALL_COMMAND = 'npm start';
export const REPAIR_COMMAND = 'npx safedisk install';
export const DOCTOR_COMMAND = 'npx safedisk doctor';
