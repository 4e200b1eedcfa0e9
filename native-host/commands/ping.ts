import { homedir } from 'node:os';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { SAFEDISK_VERSION } from '../version.ts';
import type { HostCommandHandler } from './host-command.ts';

export const ping: HostCommandHandler<'ping'> = async () => ({
	hostVersion: SAFEDISK_VERSION,
	protocolVersion: PROTOCOL_VERSION,
	nodeVersion: process.version,
	platform: process.platform,
	arch: process.arch,
	homeDir: homedir(),
});
