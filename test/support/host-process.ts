import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EXTENSION_IDS, extensionOrigin } from '../../shared/extension-id.ts';

export const HOST_ENTRY = fileURLToPath(
	new URL('../../build/native-host/main.js', import.meta.url),
);
export const EXTENSION_ORIGIN = extensionOrigin(EXTENSION_IDS[0]);

export interface HostFrame {
	v: number;
	id: string | number | null;
	type: 'result' | 'error' | 'event';
	value?: unknown;
	event?: unknown;
	error?: { code: string; message: string; errno?: string; details?: Record<string, unknown> };
}

// The built host as the browser runs it: a child process spoken to over real pipes. Every byte
// on its stdout must parse as a frame; anything else fails the test that reads it.
export class HostProcess {
	readonly child: ChildProcessWithoutNullStreams;
	readonly frames: HostFrame[] = [];
	stderr = '';
	private stdoutBuffer = Buffer.alloc(0);
	private waiters: Array<() => void> = [];
	readonly exited: Promise<number | null>;
	strayBytes = 0;

	constructor(origin = EXTENSION_ORIGIN, env: NodeJS.ProcessEnv = process.env) {
		this.child = spawn(process.execPath, [HOST_ENTRY, origin], { env, stdio: 'pipe' });
		this.child.stdout.on('data', (chunk: Buffer) => this.readFrames(chunk));
		this.child.stderr.on('data', (chunk: Buffer) => {
			this.stderr += chunk.toString('utf8');
		});
		this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
	}

	private readFrames(chunk: Buffer): void {
		this.stdoutBuffer = Buffer.concat([this.stdoutBuffer, chunk]);
		while (this.stdoutBuffer.length >= 4) {
			const length = this.stdoutBuffer.readUInt32LE(0);
			if (this.stdoutBuffer.length < 4 + length) break;
			const body = this.stdoutBuffer.subarray(4, 4 + length).toString('utf8');
			this.stdoutBuffer = this.stdoutBuffer.subarray(4 + length);
			try {
				this.frames.push(JSON.parse(body) as HostFrame);
			} catch {
				this.strayBytes += length + 4;
			}
		}
		for (const wake of this.waiters.splice(0)) wake();
	}

	// Bytes left on stdout that never formed a whole frame.
	get unframedBytes(): number {
		return this.stdoutBuffer.length + this.strayBytes;
	}

	writeRaw(bytes: Buffer | Uint8Array): void {
		this.child.stdin.write(bytes);
	}

	send(message: unknown): void {
		this.writeRaw(frame(Buffer.from(JSON.stringify(message), 'utf8')));
	}

	request(id: string | number, command: string, payload: unknown = {}): void {
		this.send({ v: 1, id, command, payload });
	}

	async waitFor(predicate: (frames: HostFrame[]) => boolean, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!predicate(this.frames)) {
			if (Date.now() > deadline)
				throw new Error(`Timed out waiting for host frames; got ${this.frames.length}`);
			await new Promise<void>((resolve) => {
				this.waiters.push(resolve);
				setTimeout(resolve, 50);
			});
		}
	}

	async reply(id: string | number, timeoutMs?: number): Promise<HostFrame> {
		await this.waitFor(
			(frames) => frames.some((f) => f.id === id && f.type !== 'event'),
			timeoutMs,
		);
		return this.frames.find((f) => f.id === id && f.type !== 'event') as HostFrame;
	}

	async close(): Promise<number | null> {
		this.child.stdin.end();
		return this.exited;
	}
}

export function frame(body: Buffer): Buffer {
	const header = Buffer.alloc(4);
	header.writeUInt32LE(body.length, 0);
	return Buffer.concat([header, body]);
}
