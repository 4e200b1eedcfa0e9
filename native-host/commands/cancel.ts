import type { HostCommandHandler } from './host-command.ts';

export const cancel: HostCommandHandler<'cancel'> = async ({ id }, { session }) => ({
	cancelled: session.cancel(id),
});
