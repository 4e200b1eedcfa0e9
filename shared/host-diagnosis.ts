import { z } from 'zod';

// The oldest Node the native host runs on; package.json "engines" says the same.
export const MIN_NODE_VERSION = '20.11.0';

// What `safedisk doctor` can find wrong with the native host's registration. The codes are stable
// so the extension can show the same diagnosis without a running host.
export const HOST_FINDING_CODES = {
	'browser-not-found': 'No Chrome, Chromium or Edge was found for this user.',
	'browser-sandboxed':
		'Only a Flatpak or snap build was found; its sandbox cannot start a host outside it.',
	'registry-missing':
		'The Windows registry key that points the browser at the manifest is missing.',
	'manifest-missing': 'No host manifest where the browser looks for it.',
	'manifest-invalid': "The host manifest breaks Chromium's rules, so the browser ignores it.",
	'origin-missing': 'The host manifest does not allow the SafeDisk extension.',
	'origin-unexpected': 'The host manifest also allows extensions other than SafeDisk.',
	'wrapper-missing': 'The program the manifest names does not exist.',
	'wrapper-not-executable': 'The program the manifest names cannot be executed.',
	'wrapper-unrecognised': 'The program the manifest names is not a SafeDisk host wrapper.',
	'node-missing': 'The Node.js binary the wrapper starts does not exist.',
	'node-not-executable': 'The Node.js binary the wrapper starts cannot be executed.',
	'node-unusable': 'The Node.js binary the wrapper starts did not report its version.',
	'node-too-old': `The Node.js binary the wrapper starts is older than ${MIN_NODE_VERSION}.`,
	'entry-missing': 'The SafeDisk program the wrapper starts does not exist.',
} as const;

export type HostFindingCode = keyof typeof HOST_FINDING_CODES;

const findingCodes = Object.keys(HOST_FINDING_CODES) as [HostFindingCode, ...HostFindingCode[]];

export const hostFindingSchema = z.object({
	code: z.enum(findingCodes),
	// A problem stops the extension from reaching the host; a note does not.
	severity: z.enum(['problem', 'note']),
	// Who is affected, in words: "Chromium", "profile folder /home/me/work-profile".
	target: z.string(),
	// One line a person reads: what is wrong, naming the path.
	detail: z.string(),
	path: z.string().nullable(),
	// The command that repairs it, or null when no SafeDisk command can.
	fix: z.string().nullable(),
});
export type HostFinding = z.infer<typeof hostFindingSchema>;

export const hostRegistrationSchema = z.object({
	target: z.string(),
	browser: z.string().nullable(),
	userDataDir: z.string().nullable(),
	manifestPath: z.string().nullable(),
	registryKey: z.string().nullable(),
	healthy: z.boolean(),
});
export type HostRegistration = z.infer<typeof hostRegistrationSchema>;

export const hostDiagnosisSchema = z.object({
	platform: z.enum(['linux', 'darwin', 'win32']),
	healthy: z.boolean(),
	registrations: z.array(hostRegistrationSchema),
	findings: z.array(hostFindingSchema),
});
export type HostDiagnosis = z.infer<typeof hostDiagnosisSchema>;
