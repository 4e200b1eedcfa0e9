import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

// Writes known amounts of site data into a real Chromium profile by visiting loopback sites, so
// that what SafeDisk measures can be checked against what was stored.
export interface LoopbackSite {
	server: Server;
	origin: string;
}

// One origin per port: each site is its own server on 127.0.0.1. Bodies are random, so
// Chromium's compression cannot shrink what is measured.
export async function startSite(): Promise<LoopbackSite> {
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (url.pathname === '/random') {
			const cache = url.searchParams.get('cache') === '1';
			response.writeHead(200, {
				'content-type': 'application/octet-stream',
				'cache-control': cache ? 'public, max-age=86400' : 'no-store',
			});
			response.end(randomBytes(Number(url.searchParams.get('bytes'))));
			return;
		}
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end('<!doctype html><title>site</title>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function stopSites(sites: readonly LoopbackSite[]): Promise<void> {
	await Promise.all(
		sites.map((site) => new Promise<void>((resolve) => site.server.close(() => resolve()))),
	);
}

export async function storeIndexedDb(page: Page, site: LoopbackSite, bytes: number): Promise<void> {
	await page.goto(`${site.origin}/`);
	await page.evaluate(async (total) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('media', 1);
			request.onupgradeneeded = () => request.result.createObjectStore('chunks');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const chunk = 1024 * 1024;
		for (let index = 0; index < total / chunk; index += 1) {
			const value = new Uint8Array(chunk);
			for (let at = 0; at < chunk; at += 65536)
				crypto.getRandomValues(value.subarray(at, at + 65536));
			await new Promise<void>((resolve, reject) => {
				const transaction = db.transaction('chunks', 'readwrite');
				transaction.objectStore('chunks').put(value, index);
				transaction.oncomplete = () => resolve();
				transaction.onerror = () => reject(transaction.error);
			});
		}
		db.close();
	}, bytes);
}

export async function storeCacheStorage(
	page: Page,
	site: LoopbackSite,
	bytes: number,
): Promise<void> {
	await page.goto(`${site.origin}/`);
	await page.evaluate(async (total) => {
		const cache = await caches.open('offline');
		const entry = 4 * 1024 * 1024;
		for (let index = 0; index < total / entry; index += 1)
			await cache.add(`/random?bytes=${entry}&n=${index}`);
	}, bytes);
}

// Responses marked cacheable land in the HTTP cache of the profile.
export async function storeHttpCache(page: Page, site: LoopbackSite, bytes: number): Promise<void> {
	await page.goto(`${site.origin}/`);
	await page.evaluate(async (total) => {
		const entry = 4 * 1024 * 1024;
		for (let index = 0; index < total / entry; index += 1) {
			const response = await fetch(`/random?cache=1&bytes=${entry}&n=${index}`);
			await response.arrayBuffer();
		}
	}, bytes);
}

export async function storeLocalStorage(
	page: Page,
	site: LoopbackSite,
	chars: number,
): Promise<void> {
	await page.goto(`${site.origin}/`);
	await page.evaluate((count) => {
		const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
		const random = new Uint8Array(count);
		for (let at = 0; at < count; at += 65536)
			crypto.getRandomValues(random.subarray(at, at + 65536));
		localStorage.setItem('state', Array.from(random, (byte) => alphabet[byte % 36]).join(''));
	}, chars);
}
