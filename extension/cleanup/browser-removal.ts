import type { CleanupRoute } from './eligibility.ts';

// Asks the browser to clear one site's data of the profile SafeDisk runs in. The browser does it
// safely while it runs, which a file deletion could not.
export async function removeThroughBrowser(
	route: Extract<CleanupRoute, { kind: 'browsing-data' }>,
): Promise<void> {
	const dataToRemove: chrome.browsingData.DataTypeSet = {};
	for (const type of route.dataTypes) dataToRemove[type] = true;
	const [first, ...rest] = route.origins;
	if (first === undefined)
		throw new Error('A site is needed to clear one item through the browser.');
	await chrome.browsingData.remove({ origins: [first, ...rest] }, dataToRemove);
}
