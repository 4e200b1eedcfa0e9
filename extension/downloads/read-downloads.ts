import browser from 'webextension-polyfill';
import type { DownloadEntry } from '../scan/scan-run.ts';

// The newest downloads the popup ranks; the API cannot sort by size itself.
const DOWNLOADS_LIMIT = 1000;

// Sizes and presence of the browser's downloads. search() also makes the browser check whether
// each file still exists. Addresses are left behind: they are browsing history.
export async function readDownloads(): Promise<DownloadEntry[]> {
	const found = await browser.downloads.search({ orderBy: ['-startTime'], limit: DOWNLOADS_LIMIT });
	return found
		.filter((download) => download.state === 'complete' && download.filename !== '')
		.map((download) => ({
			id: download.id,
			fileName: download.filename.split(/[\\/]/).pop() ?? download.filename,
			bytes: download.fileSize > 0 ? download.fileSize : Math.max(0, download.bytesReceived),
			exists: download.exists,
		}))
		.sort((a, b) => b.bytes - a.bytes);
}
