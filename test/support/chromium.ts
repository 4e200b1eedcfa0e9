import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { EXTENSION_IDS } from '../../shared/extension-id.ts';

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
export const EXTENSION_ID = EXTENSION_IDS[0];

// Debian's wrapper adds flags of its own, so the real binary comes first.
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function findChromium(): string | null {
	for (const candidate of CANDIDATES) if (candidate && existsSync(candidate)) return candidate;
	return null;
}

// End-to-end tests may skip on a developer machine without Chromium, but never in CI.
export function chromiumOrFail(): string | null {
	const found = findChromium();
	if (!found && process.env.CI)
		throw new Error('CI is set but no Chromium was found (apt-get install chromium).');
	return found;
}

export async function newUserDataDir(): Promise<string> {
	return mkdtemp(path.join(tmpdir(), 'safedisk-chromium-'));
}

// The flags that let Chromium run headless as root on a machine with no outside network; without
// the background-networking flags it keeps trying hosts it cannot reach.
export const HEADLESS_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// Keep crash dumps out of the real user's ~/.config/chromium.
	'--disable-crash-reporter',
	'--disable-breakpad',
] as const;

export interface LaunchOptions {
	viewport?: { width: number; height: number };
	colorScheme?: 'light' | 'dark';
	env?: NodeJS.ProcessEnv;
}

export async function launchWithExtension(
	executablePath: string,
	userDataDir: string,
	options: LaunchOptions = {},
): Promise<BrowserContext> {
	return chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		viewport: options.viewport ?? { width: 420, height: 640 },
		colorScheme: options.colorScheme ?? 'light',
		...(options.env ? { env: options.env } : {}),
		args: [...HEADLESS_ARGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
	});
}

export function extensionUrl(page: string): string {
	return `chrome-extension://${EXTENSION_ID}/${page}`;
}
