import { SafeDiskError } from '../../shared/errors.ts';
import { appendAudit } from '../cleanup/audit-log.ts';
import { restoreDeletableScan } from '../cleanup/deletable-scan-file.ts';
import { deleteApprovedItem } from '../cleanup/guarded-delete.ts';
import type { HostCommandHandler } from './host-command.ts';

export const deleteItem: HostCommandHandler<'delete-item'> = async (
	request,
	{ session, signal },
) => {
	const base = { action: 'delete-item' as const, ...request };
	try {
		// A popup reopened since its scan talks to a new helper process: find the scan it showed.
		await restoreDeletableScan(session.memory, request.scanId);
		const outcome = await deleteApprovedItem(session.memory, request, signal);
		const auditLogged = await appendAudit({
			...base,
			outcome: 'deleted',
			category: outcome.item.category,
			paths: outcome.item.locations.map((location) => location.path),
			freedBytes: outcome.freedBytes,
		});
		return {
			itemId: request.itemId,
			freedBytes: outcome.freedBytes,
			remainingBytes: outcome.remainingBytes,
			auditLogged,
		};
	} catch (error) {
		const code = error instanceof SafeDiskError ? error.code : 'E_INTERNAL';
		await appendAudit({ ...base, outcome: code.startsWith('E_ITEM') ? 'refused' : 'failed', code });
		throw error;
	}
};
