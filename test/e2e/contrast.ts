import type { Page } from 'playwright-core';

// The lowest text contrast of the primary buttons and badges on the page, from their computed
// colours: each text colour against the first opaque background under it (WCAG 2 formula).
export function lowestContrast(
	page: Page,
): Promise<{ ratio: number; text: string; checked: number }> {
	return page.evaluate(() => {
		const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
		const luminance = (value: string) => {
			const [r = 0, g = 0, b = 0] = rgb(value).map((channel) => {
				const c = channel / 255;
				return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
			});
			return 0.2126 * r + 0.7152 * g + 0.0722 * b;
		};
		const backgroundOf = (element: Element | null): string => {
			for (let node = element; node; node = node.parentElement) {
				const colour = getComputedStyle(node).backgroundColor;
				if (rgb(colour)[3] !== 0 && colour !== 'transparent') return colour;
			}
			return 'rgb(255, 255, 255)';
		};
		let lowest = { ratio: Number.POSITIVE_INFINITY, text: '', checked: 0 };
		for (const element of document.querySelectorAll('button.primary:not(:disabled), .badge')) {
			const [a, b] = [luminance(getComputedStyle(element).color), luminance(backgroundOf(element))];
			const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
			lowest.checked += 1;
			if (ratio < lowest.ratio) lowest = { ...lowest, ratio, text: element.textContent ?? '' };
		}
		return lowest;
	});
}
