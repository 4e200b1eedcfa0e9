// Files with more than one hard link are counted once per scan, as du does. Only such files are
// remembered, and an entry is forgotten once all of its links were seen, so memory follows the
// number of partly seen multi-link files, never the number of files.
export class HardLinkSet {
	readonly #remaining = new Map<string, number>();
	readonly #maxEntries: number;
	#overflow = 0;

	constructor(maxEntries = 200_000) {
		this.#maxEntries = maxEntries;
	}

	// True when this link is the first one seen of its inode (its bytes should be counted).
	firstSighting(key: string, linkCount: number): boolean {
		const remaining = this.#remaining.get(key);
		if (remaining !== undefined) {
			if (remaining <= 1) this.#remaining.delete(key);
			else this.#remaining.set(key, remaining - 1);
			return false;
		}
		if (linkCount > 1) {
			// When full, the inode is counted but not remembered: a later link of it may be counted
			// again. Reported through `overflow` so the figure is known to be an upper bound.
			if (this.#remaining.size >= this.#maxEntries) this.#overflow += 1;
			else this.#remaining.set(key, linkCount - 1);
		}
		return true;
	}

	get size(): number {
		return this.#remaining.size;
	}

	get overflow(): number {
		return this.#overflow;
	}
}
