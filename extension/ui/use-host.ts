import { useEffect, useState } from 'preact/hooks';
import type { SafeDiskError } from '../../shared/errors.ts';
import type { CommandReply } from '../../shared/protocol.ts';
import { HostClient } from '../host/host-client.ts';
import { diagnoseHostError, type HostProblem } from '../host/host-diagnosis.ts';

export type HostState =
	| { kind: 'connecting' }
	| {
			kind: 'connected';
			client: HostClient;
			ping: CommandReply<'ping'>;
			home: CommandReply<'disk-status'>;
	  }
	| { kind: 'unreachable'; problem: HostProblem };

// Connects to the native host for the life of the page and reports its state.
export function useHost(): HostState {
	const [state, setState] = useState<HostState>({ kind: 'connecting' });
	useEffect(() => {
		const client = new HostClient();
		const fail = (error: SafeDiskError) =>
			setState({ kind: 'unreachable', problem: diagnoseHostError(error) });
		client.onClose(fail);
		Promise.all([client.request('ping', {}), client.request('disk-status', { path: '~' })]).then(
			([ping, home]) => setState({ kind: 'connected', client, ping, home }),
			fail,
		);
		return () => client.disconnect();
	}, []);
	return state;
}
