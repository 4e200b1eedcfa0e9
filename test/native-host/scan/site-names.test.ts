import { describe, expect, it } from 'vitest';
import { cacheStorageFolderName } from '../../../native-host/scan/cache-storage-sites.ts';
import { readTopLevelStrings } from '../../../native-host/scan/protobuf-strings.ts';
import {
	identifierFromOrigin,
	originFromCacheKey,
	originFromIdentifier,
	originFromStorageKey,
} from '../../../native-host/scan/site-names.ts';

describe('site names on disk', () => {
	it('reads the origin from IndexedDB-style folder identifiers', () => {
		expect(originFromIdentifier('http_127.0.0.1_8080')).toBe('http://127.0.0.1:8080');
		expect(originFromIdentifier('https_mail.example.com_0')).toBe('https://mail.example.com');
		expect(originFromIdentifier('http_[__1]_3000')).toBe('http://[::1]:3000');
		expect(originFromIdentifier('chrome-extension_abcdefghijklmnopabcdefghijklmnop_0')).toBe(
			'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
		);
		expect(originFromIdentifier('not-an-identifier')).toBeNull();
	});

	it('writes identifiers back the way Chromium does, default ports as 0', () => {
		expect(identifierFromOrigin('https://example.com')).toBe('https_example.com_0');
		expect(identifierFromOrigin('http://127.0.0.1:8080/')).toBe('http_127.0.0.1_8080');
	});

	it('names a CacheStorage folder by the SHA-1 of the origin identifier, as Chromium 156 does', () => {
		// Seen in a profile written by Chromium 156 for http://127.0.0.1:40931.
		expect(cacheStorageFolderName('http://127.0.0.1:40931')).toBe(
			'839ad5393f0e07b31e532de4c8f7a82143890a06',
		);
	});

	it('takes the origin from storage keys, partitioned ones included', () => {
		expect(originFromStorageKey('https://a.example/')).toBe('https://a.example');
		expect(originFromStorageKey('https://a.example/^0https://b.example')).toBe('https://a.example');
	});

	it('takes the resource origin from HTTP cache keys and the compiling site from code cache keys', () => {
		expect(
			originFromCacheKey(
				'1/0/_dk_http://127.0.0.1 http://127.0.0.1 http://127.0.0.1:42549/blob?n=3',
			),
		).toBe('http://127.0.0.1:42549');
		expect(originFromCacheKey('_keyhttps://cdn.example/app.js \nhttps://shop.example/')).toBe(
			'https://shop.example',
		);
		expect(originFromCacheKey('0')).toBeNull();
	});

	it('reads string fields of a protocol buffer and stops cleanly at damage', () => {
		// Field 2 "ab", a varint field 4 = 2, field 3 "xyz", then a truncated field.
		const bytes = Uint8Array.from([0x12, 2, 97, 98, 0x20, 2, 0x1a, 3, 120, 121, 122, 0x12, 9, 1]);
		const fields = readTopLevelStrings(bytes);
		expect(fields.get(2)).toEqual(['ab']);
		expect(fields.get(3)).toEqual(['xyz']);
	});
});
