// How long an approved item stays deletable after the scan that listed it. Longer, and the user
// approved a picture of the disk that may no longer be true.
export const DELETE_WINDOW_MS = 15 * 60 * 1000;

// Caches of a running browser grow a little between scan and click; more than this is a
// different item from the one the user approved.
export const GROWTH_TOLERANCE = { fraction: 0.1, bytes: 1024 * 1024 } as const;

export function exceedsApproval(currentBytes: number, approvedBytes: number): boolean {
	return currentBytes > approvedBytes * (1 + GROWTH_TOLERANCE.fraction) + GROWTH_TOLERANCE.bytes;
}
