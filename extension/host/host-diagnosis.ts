import type { SafeDiskError } from '../../shared/errors.ts';

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

export const INSTALL_COMMAND = 'npm start';
export const REPAIR_COMMAND = 'npx safedisk install';
