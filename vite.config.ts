import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
	plugins: [preact(), crx({ manifest })],
	build: {
		outDir: 'dist',
		emptyOutDir: true,
		target: 'chrome116',
	},
	// The tests load dist/ into Chromium; never the dev server, whose output points at localhost.
	server: { strictPort: true },
});
