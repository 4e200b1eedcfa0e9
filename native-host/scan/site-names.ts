// How Chromium names sites on disk, turned back into origins people recognise.

// Folder names such as "http_127.0.0.1_8080" or "https_example.com_0" (port 0: the default).
export function originFromIdentifier(identifier: string): string | null {
	const first = identifier.indexOf('_');
	const last = identifier.lastIndexOf('_');
	if (first <= 0 || last <= first) return null;
	const scheme = identifier.slice(0, first);
	let host = identifier.slice(first + 1, last);
	const port = identifier.slice(last + 1);
	if (!/^[a-z][a-z0-9+.-]*$/.test(scheme) || !/^\d+$/.test(port) || host === '') return null;
	// IPv6 hosts keep their brackets; their colons were written as underscores.
	if (host.startsWith('[')) host = host.replaceAll('_', ':');
	const portNumber = Number(port);
	const origin = portNumber === 0 ? `${scheme}://${host}` : `${scheme}://${host}:${portNumber}`;
	return normaliseOrigin(origin);
}

// The identifier Chromium derives from an origin (the inverse of originFromIdentifier).
export function identifierFromOrigin(origin: string): string | null {
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return null;
	}
	const scheme = url.protocol.slice(0, -1);
	const host = url.hostname.startsWith('[') ? url.hostname.replaceAll(':', '_') : url.hostname;
	return `${scheme}_${host}_${url.port === '' ? 0 : Number(url.port)}`;
}

// Storage keys look like "https://a.example/" or, partitioned, "https://a.example/^0https://b.example".
export function originFromStorageKey(storageKey: string): string | null {
	const caret = storageKey.indexOf('^');
	return originFromUrl(caret >= 0 ? storageKey.slice(0, caret) : storageKey);
}

export function originFromUrl(text: string): string | null {
	try {
		const origin = new URL(text).origin;
		return origin === 'null' ? null : origin;
	} catch {
		return null;
	}
}

function normaliseOrigin(origin: string): string | null {
	// Extension origins are not special URLs, so URL#origin says "null"; keep them as written.
	if (origin.startsWith('chrome-extension://')) return origin.replace(/:0$/, '');
	return originFromUrl(origin) ?? null;
}

// HTTP and code cache entries are keyed by text that ends with the resource URL, for example
// "1/0/_dk_http://a.example http://a.example http://a.example/app.js".
export function originFromCacheKey(key: string): string | null {
	const text = key.trimEnd();
	// Code cache keys: "_key<resource url> \n<origin that compiled it>".
	if (text.startsWith('_key')) {
		const newline = text.indexOf('\n');
		const lock = newline >= 0 ? originFromUrl(text.slice(newline + 1).trim()) : null;
		return lock ?? originFromUrl(text.slice(4, newline >= 0 ? newline : undefined).trim());
	}
	const last = text
		.slice(text.lastIndexOf(' ') + 1)
		.replace(/^(\d+\/)+/, '')
		.replace(/^_dk_/, '');
	return originFromUrl(last);
}
