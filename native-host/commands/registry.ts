import type { HandlerTable } from '../messaging/session.ts';
import { cancel } from './cancel.ts';
import { deleteItem } from './delete-item.ts';
import { diskStatus } from './disk-status.ts';
import { lockHealth } from './lock-health.ts';
import { ping } from './ping.ts';
import { scan } from './scan.ts';

// Every command of shared/protocol.ts needs an entry here, or this file does not compile.
export const HANDLERS: HandlerTable = {
	ping,
	'disk-status': diskStatus,
	cancel,
	scan,
	'lock-health': lockHealth,
	'delete-item': deleteItem,
};
