import type { Platform } from '../browsers/catalog.ts';

// Browsers started from a desktop have a minimal PATH, so the wrapper names Node by absolute path.
export function wrapperFileName(platform: Platform): string {
	return platform === 'win32' ? 'safedisk-host.cmd' : 'safedisk-host';
}

export function wrapperScript(platform: Platform, nodePath: string, entryPath: string): string {
	if (platform === 'win32') {
		return `@echo off\r\n"${nodePath}" "${entryPath}" %*\r\n`;
	}
	return `#!/bin/sh\n# SafeDisk native host, started by the browser.\nexec ${shellQuote(nodePath)} ${shellQuote(entryPath)} "$@"\n`;
}

export function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
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
	const windows = /^"([^"]+)" "([^"]+)" %\*\r?$/m.exec(text);
	if (windows?.[1] !== undefined && windows[2] !== undefined)
		return { nodePath: windows[1], entryPath: windows[2] };
	return null;
}
