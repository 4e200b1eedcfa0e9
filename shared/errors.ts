// Every error that crosses a boundary carries one of these codes. Tests assert codes, not messages.
export const ERROR_CODES = {
	E_BAD_FRAME: 'A native-messaging frame was malformed (zero length or cut short).',
	E_FRAME_TOO_LARGE: 'An incoming frame was larger than the host accepts.',
	E_BAD_JSON: 'A frame did not hold valid UTF-8 JSON.',
	E_BAD_MESSAGE: 'A message was not an object with a protocol version, an id and a command.',
	E_PROTOCOL_VERSION: 'The extension and the host speak different protocol versions.',
	E_UNKNOWN_COMMAND: 'The command is not one the host knows.',
	E_BAD_PAYLOAD: "The command's payload did not match its schema.",
	E_DUPLICATE_ID: 'A request id was reused while the first request was still running.',
	E_REPLY_TOO_LARGE: 'A reply would have exceeded the browser limit of 1 MB.',
	E_ORIGIN_REFUSED: 'The host was started by an extension it was not installed for.',
	E_CANCELLED: 'The work was cancelled.',
	E_TIMEOUT: 'The work did not finish in time.',
	E_INTERNAL: 'An unexpected failure inside SafeDisk.',
	E_NOT_IMPLEMENTED: 'This path is not built yet.',
	E_UNSUPPORTED_PLATFORM: 'This operating system is not supported for this action.',
	E_USAGE: 'The command line was not understood.',
	E_PATH_NOT_FOUND: 'A path does not exist.',
	E_NOT_A_DIRECTORY: 'A path that must be a directory is not one.',
	E_PERMISSION: 'The operating system refused access.',
	E_HOST_UNREACHABLE: 'The native host could not be started or reached.',
	E_BROWSER_NOT_FOUND: 'No supported browser was found.',
	E_INSTALL_FAILED: 'Registering the native host failed.',
	ELOCKED: 'The lock is held by another owner.',
	ELOCK_LOST: 'The lock was taken away from its holder.',
	ELOCK_NOT_HELD: 'The lock is not held by this owner.',
	ELOCK_STORAGE_FULL:
		'The lock cannot be taken or released: the filesystem is full, out of inodes or read-only.',
	ELOCK_UNHEALTHY: 'The lock heartbeat is failing; protected work should stop.',
	ELOCK_IO: 'A filesystem call for the lock failed.',
	ELOCK_BAD_OPTIONS: 'The lock options are invalid or contradict each other.',
	ELOCK_BAD_RESOURCE: 'The resource to lock is not a usable path (empty, a root or too long).',
	E_ITEM_UNKNOWN: 'No item with this id was listed by the latest scan.',
	E_ITEM_EXPIRED: 'The scan that listed this item is too old; scan again.',
	E_ITEM_CHANGED: 'The item changed on disk since the scan (moved, replaced or a symlink).',
	E_ITEM_GREW: 'The item grew past the size the user approved.',
	E_DELETE_INCOMPLETE: 'Part of the item could not be deleted; what is left stays in place.',
	E_ITEM_NOT_DELETABLE: 'The host may not delete this kind of item.',
	E_FREE_CLEANUP_USED: 'The one free cleanup of this scan was already used.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
	return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

// The plain-data form of an error, the only form that survives browser messaging.
export interface WireError {
	code: ErrorCode;
	message: string;
	errno?: string | undefined;
	syscall?: string | undefined;
	path?: string | undefined;
	details?: Record<string, unknown> | undefined;
}

interface SafeDiskErrorOptions {
	cause?: unknown;
	errno?: string;
	syscall?: string;
	path?: string;
	details?: Record<string, unknown>;
}

// The one error class: a stable code, the original errno kept, the underlying error as cause.
export class SafeDiskError extends Error {
	override readonly name = 'SafeDiskError';
	readonly code: ErrorCode;
	readonly errno: string | undefined;
	readonly syscall: string | undefined;
	readonly path: string | undefined;
	readonly details: Record<string, unknown> | undefined;

	constructor(code: ErrorCode, message: string, options: SafeDiskErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.code = code;
		const system = systemErrorFields(options.cause);
		this.errno = options.errno ?? system.errno;
		this.syscall = options.syscall ?? system.syscall;
		this.path = options.path ?? system.path;
		this.details = options.details;
	}

	toWire(): WireError {
		const wire: WireError = { code: this.code, message: this.message };
		if (this.errno !== undefined) wire.errno = this.errno;
		if (this.syscall !== undefined) wire.syscall = this.syscall;
		if (this.path !== undefined) wire.path = this.path;
		if (this.details !== undefined) wire.details = this.details;
		return wire;
	}
}

function systemErrorFields(cause: unknown): { errno?: string; syscall?: string; path?: string } {
	if (typeof cause !== 'object' || cause === null) return {};
	const fields: { errno?: string; syscall?: string; path?: string } = {};
	const { code, syscall, path } = cause as Record<string, unknown>;
	if (typeof code === 'string') fields.errno = code;
	if (typeof syscall === 'string') fields.syscall = syscall;
	if (typeof path === 'string') fields.path = path;
	return fields;
}

// Turns anything thrown into wire data; unknown failures become E_INTERNAL with their errno kept.
export function toWireError(error: unknown): WireError {
	if (error instanceof SafeDiskError) return error.toWire();
	const message = error instanceof Error ? error.message : String(error);
	const wire: WireError = { code: 'E_INTERNAL', message };
	const system = systemErrorFields(error);
	if (system.errno !== undefined) wire.errno = system.errno;
	if (system.syscall !== undefined) wire.syscall = system.syscall;
	if (system.path !== undefined) wire.path = system.path;
	return wire;
}

// Rebuilds an error on the receiving side of a boundary.
export function fromWireError(wire: WireError): SafeDiskError {
	const options: SafeDiskErrorOptions = {};
	if (wire.errno !== undefined) options.errno = wire.errno;
	if (wire.syscall !== undefined) options.syscall = wire.syscall;
	if (wire.path !== undefined) options.path = wire.path;
	if (wire.details !== undefined) options.details = wire.details;
	return new SafeDiskError(wire.code, wire.message, options);
}
