import { SafeDiskError } from '../../shared/errors.ts';
import type { Platform } from '../browsers/catalog.ts';

// Browsers started from a desktop have a minimal PATH, so the wrapper names Node by absolute path.
// Windows browsers start a host through cmd.exe and do not run a bare .js, hence the .cmd file.
export function wrapperFileName(platform: Platform): string {
	return platform === 'win32' ? 'safedisk-host.cmd' : 'safedisk-host';
}

export function wrapperScript(platform: Platform, nodePath: string, entryPath: string): string {
	if (platform === 'win32') {
		// Delayed expansion may be switched on in the registry; with it "!" in a path would vanish.
		return [
			'@echo off',
			'setlocal DisableDelayedExpansion',
			`${cmdQuote(nodePath)} ${cmdQuote(entryPath)} %*`,
			'',
		].join('\r\n');
	}
	return `#!/bin/sh\n# SafeDisk native host, started by the browser.\nexec ${shellQuote(nodePath)} ${shellQuote(entryPath)} "$@"\n`;
}

export function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

// Inside double quotes cmd.exe still expands %VAR%, so a literal % is doubled. A double quote or a
// line break cannot be quoted at all; Windows forbids both in file names anyway.
export function cmdQuote(value: string): string {
	if (/["\r\n]/.test(value)) {
		throw new SafeDiskError(
			'E_INSTALL_FAILED',
			`The path ${JSON.stringify(value)} cannot be written into a .cmd wrapper.`,
			{ path: value },
		);
	}
	return `"${value.replaceAll('%', '%%')}"`;
}

// Reads back the Node and entry paths from a wrapper this module wrote, for `safedisk doctor`.
export function parseWrapper(text: string): { nodePath: string; entryPath: string } | null {
	const posix = /^exec '((?:[^']|'\\'')*)' '((?:[^']|'\\'')*)' "\$@"$/m.exec(text);
	if (posix?.[1] !== undefined && posix[2] !== undefined) {
		return {
			nodePath: posix[1].replaceAll(`'\\''`, "'"),
			entryPath: posix[2].replaceAll(`'\\''`, "'"),
		};
	}
	const windows = /^"([^"\r\n]+)" "([^"\r\n]+)" %\*\r?$/m.exec(text);
	if (windows?.[1] !== undefined && windows[2] !== undefined) {
		return {
			nodePath: windows[1].replaceAll('%%', '%'),
			entryPath: windows[2].replaceAll('%%', '%'),
		};
	}
	return null;
}
