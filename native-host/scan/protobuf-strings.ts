// Just enough protocol-buffer decoding to read the string fields of small index files. Nested
// messages and numbers are skipped; a malformed buffer yields what was read before the damage.
export function readTopLevelStrings(bytes: Uint8Array): Map<number, string[]> {
	const fields = new Map<number, string[]>();
	const decoder = new TextDecoder('utf-8', { fatal: false });
	let offset = 0;
	const varint = (): number | null => {
		let result = 0;
		let shift = 0;
		while (offset < bytes.length && shift < 64) {
			const byte = bytes[offset] as number;
			offset += 1;
			result += (byte & 0x7f) * 2 ** shift;
			if ((byte & 0x80) === 0) return result;
			shift += 7;
		}
		return null;
	};
	while (offset < bytes.length) {
		const tag = varint();
		if (tag === null) break;
		const field = Math.floor(tag / 8);
		const wireType = tag % 8;
		if (wireType === 0) {
			if (varint() === null) break;
		} else if (wireType === 1) offset += 8;
		else if (wireType === 5) offset += 4;
		else if (wireType === 2) {
			const length = varint();
			if (length === null || offset + length > bytes.length) break;
			const list = fields.get(field) ?? [];
			list.push(decoder.decode(bytes.subarray(offset, offset + length)));
			fields.set(field, list);
			offset += length;
		} else break;
	}
	return fields;
}
