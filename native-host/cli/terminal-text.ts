// Text for a terminal from names a stranger may have chosen: a lock, folder or browser profile
// called "a\nb", or one holding escape sequences, must not forge table rows, recolour the
// screen or set the terminal's title.
const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 and C1 controls, DEL, zero-width and bidirectional formatting characters, line separators.
function needsEscape(code: number): boolean {
	return (
		code <= 0x1f ||
		(code >= 0x7f && code <= 0x9f) ||
		(code >= 0x200b && code <= 0x200f) ||
		(code >= 0x2028 && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069) ||
		code === 0xfeff ||
		code === 0x5c
	);
}

export function escapeForTerminal(text: string): string {
	let out = '';
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (!needsEscape(code)) out += char;
		else
			out +=
				NAMED[char] ??
				(code <= 0xff
					? `\\x${code.toString(16).padStart(2, '0')}`
					: `\\u{${code.toString(16).padStart(4, '0')}}`);
	}
	return out;
}

export interface Palette {
	good(text: string): string;
	warn(text: string): string;
	bad(text: string): string;
	dim(text: string): string;
}

const plain = (text: string): string => text;
const ansi =
	(code: number) =>
	(text: string): string =>
		`\u001b[${code}m${text}\u001b[0m`;

// Colour only on a terminal, and never when NO_COLOR is set (to anything).
export function paletteFor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): Palette {
	if (!isTTY || env.NO_COLOR !== undefined || env.TERM === 'dumb')
		return { good: plain, warn: plain, bad: plain, dim: plain };
	return { good: ansi(32), warn: ansi(33), bad: ansi(31), dim: ansi(2) };
}

// Pads cells that hold no colour codes; colour is applied after padding.
export function alignColumns(rows: readonly string[][]): string[][] {
	const widths: number[] = [];
	for (const row of rows)
		row.forEach((cell, index) => {
			widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
		});
	return rows.map((row) =>
		row.map((cell, index) =>
			index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - [...cell].length),
		),
	);
}
