import browser from 'webextension-polyfill';
import type { EvidenceInput } from '../../shared/evidence-report.ts';
import type { CommandReply } from '../../shared/protocol.ts';

// "Chrome 156.0.1.2" or "Edge 140.0…", from the user agent the browser reports.
function browserVersion(userAgent: string): string {
	const edge = /Edg\/([\d.]+)/.exec(userAgent);
	if (edge) return `Edge ${edge[1]}`;
	const chrome = /(Chromium|Chrome)\/([\d.]+)/.exec(userAgent);
	return chrome ? `${chrome[1]} ${chrome[2]}` : 'unknown browser';
}

export function collectVersions(ping: CommandReply<'ping'> | null): EvidenceInput['versions'] {
	return {
		extension: browser.runtime.getManifest().version,
		host: ping?.hostVersion ?? null,
		node: ping?.nodeVersion ?? null,
		browser: browserVersion(navigator.userAgent),
		platform: ping ? `${ping.platform} ${ping.arch}` : null,
	};
}
