import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { decideDeepCleanupOffer } from '../../shared/deep-cleanup.ts';
import type { FilesystemStatus } from '../../shared/filesystem-status.ts';
import { formatBytes, formatPercent } from '../../shared/format.ts';
import type { HostClient } from '../host/host-client.ts';

export const EVIDENCE_PAGE = 'extension/locks/index.html#evidence';

interface OfferProps {
	reclaimable: number;
	disks: FilesystemStatus[];
	client: HostClient | null;
	deepCleanupUrl: string;
}

// The disks of the scanned profiles, measured again now that the free cleanup is done.
function useDisksNow(disks: FilesystemStatus[], client: HostClient | null): FilesystemStatus[] {
	const [now, setNow] = useState(disks);
	useEffect(() => {
		if (!client) return;
		let live = true;
		void Promise.all(
			disks.map((disk) => client.request('disk-status', { path: disk.path }).catch(() => disk)),
		).then((fresh) => live && setNow(fresh));
		return () => {
			live = false;
		};
	}, [disks, client]);
	return now;
}

// Shown only when the one rule in shared/deep-cleanup.ts says meaningful space remains.
export function DeepCleanupOffer({ reclaimable, disks, client, deepCleanupUrl }: OfferProps) {
	const now = useDisksNow(disks, client);
	const used = now.length === 0 ? null : Math.max(...now.map((disk) => disk.usedPercent));
	const decision = decideDeepCleanupOffer({ reclaimableBytes: reclaimable, diskUsedPercent: used });
	if (!decision.offer) {
		return (
			<p class="muted" data-testid="deep-cleanup" data-state="hidden" data-reason={decision.reason}>
				Little is left to reclaim ({formatBytes(reclaimable)}); no Deep Cleanup needed.
			</p>
		);
	}
	const why =
		decision.reason === 'disk-nearly-full' && used !== null
			? `The disk is ${formatPercent(used)} full and ${formatBytes(reclaimable)} is still reclaimable.`
			: `${formatBytes(reclaimable)} is still reclaimable.`;
	const openReport = () => void browser.tabs.create({ url: browser.runtime.getURL(EVIDENCE_PAGE) });
	return (
		<section
			class="card offer"
			data-testid="deep-cleanup"
			data-state="shown"
			data-reason={decision.reason}
		>
			<h2>Deep Cleanup</h2>
			<p>{why} Deep Cleanup goes through the rest with you, item by item.</p>
			<div class="actions">
				<button type="button" class="primary" onClick={openReport} data-testid="open-evidence">
					Open the evidence report
				</button>
				<a
					href={deepCleanupUrl}
					target="_blank"
					rel="noopener noreferrer"
					data-testid="deep-cleanup-link"
				>
					Get Deep Cleanup
				</a>
			</div>
		</section>
	);
}
