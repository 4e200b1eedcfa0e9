import { SCAN_LIMITS, type ScanItem } from '../../shared/commands/scan.ts';

// Splits the ranked items into pages whose JSON stays under a byte budget, so that no frame the
// host sends comes near the browser's 1 MB limit however many sites a profile holds.
export function* itemPages(
	items: Iterable<ScanItem>,
	budgetBytes: number = SCAN_LIMITS.pageBytes,
): Generator<ScanItem[]> {
	let page: ScanItem[] = [];
	let size = 2;
	for (const item of items) {
		const itemBytes = Buffer.byteLength(JSON.stringify(item)) + 1;
		if (page.length > 0 && size + itemBytes > budgetBytes) {
			yield page;
			page = [];
			size = 2;
		}
		page.push(item);
		size += itemBytes;
	}
	if (page.length > 0) yield page;
}
