// Caches of a running browser grow a little between scan and click; more than this is a
// different item from the one the user approved.
export const GROWTH_TOLERANCE = { fraction: 0.1, bytes: 1024 * 1024 } as const;

export function exceedsApproval(currentBytes: number, approvedBytes: number): boolean {
	return currentBytes > approvedBytes * (1 + GROWTH_TOLERANCE.fraction) + GROWTH_TOLERANCE.bytes;
}
