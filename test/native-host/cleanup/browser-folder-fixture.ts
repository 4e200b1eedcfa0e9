import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { HostProcess } from '../../support/host-process.ts';

export interface ScannedItem {
	id: string;
	category: string;
	allocatedBytes: number;
	hostDeletable: boolean;
}

export async function fill(dir: string, files: number, bytes: number): Promise<void> {
	await mkdir(dir, { recursive: true });
	for (let index = 0; index < files; index += 1)
		await writeFile(path.join(dir, `f${index}`), randomBytes(bytes));
}

export function itemOf(items: ScannedItem[], category: string): ScannedItem {
	const found = items.find((item) => item.category === category);
	if (!found)
		throw new Error(`no ${category} item in ${items.map((item) => item.category).join(', ')}`);
	return found;
}

let nextId = 0;

// A browser folder with host-deletable caches (shader cache, crash reports) and site data, a
// folder of precious files beside it, and a helper process with its own state folder.
export class BrowserFolderFixture {
	readonly userDataDir: string;
	readonly outside: string;
	readonly stateDir: string;
	host: HostProcess;

	private constructor(readonly workDir: string) {
		this.userDataDir = path.join(workDir, 'chromium');
		this.outside = path.join(workDir, 'precious');
		this.stateDir = path.join(workDir, 'state');
		this.host = this.startHost();
	}

	static async create(): Promise<BrowserFolderFixture> {
		const workDir = await mkdtemp(path.join(tmpdir(), 'safedisk-delete-'));
		const userDataDir = path.join(workDir, 'chromium');
		await fill(path.join(userDataDir, 'GrShaderCache'), 8, 64 * 1024);
		await fill(path.join(userDataDir, 'Crash Reports', 'completed'), 2, 32 * 1024);
		await fill(
			path.join(userDataDir, 'Default', 'IndexedDB', 'http_127.0.0.1_8080.indexeddb.leveldb'),
			3,
			64 * 1024,
		);
		await writeFile(path.join(userDataDir, 'Local State'), '{}');
		await fill(path.join(workDir, 'precious'), 4, 16 * 1024);
		return new BrowserFolderFixture(workDir);
	}

	private startHost(): HostProcess {
		return new HostProcess(undefined, { ...process.env, SAFEDISK_STATE_DIR: this.stateDir });
	}

	async scan(): Promise<{ scanId: string; items: ScannedItem[] }> {
		const id = `scan-${nextId++}`;
		this.host.request(id, 'scan', { userDataDirs: [this.userDataDir] });
		const reply = await this.host.reply(id, 60_000);
		expect(reply.type, JSON.stringify(reply.error)).toBe('result');
		const items = this.host.frames
			.filter((frame) => frame.id === id && frame.type === 'event')
			.flatMap((frame) => (frame.event as { kind: string; page?: ScannedItem[] }).page ?? []);
		return { scanId: (reply.value as { scanId: string }).scanId, items };
	}

	remove(scanId: string, itemId: string, approvedBytes: number, extra: object = {}) {
		const id = `delete-${nextId++}`;
		this.host.request(id, 'delete-item', { scanId, itemId, approvedBytes, ...extra });
		return this.host.reply(id, 30_000);
	}

	// The browser starts a new helper for every popup: the old one exits, a new one answers.
	async reconnect(): Promise<void> {
		await this.host.close();
		this.host = this.startHost();
	}

	async close(): Promise<void> {
		await this.host.close();
		await rm(this.workDir, { recursive: true, force: true });
	}
}
