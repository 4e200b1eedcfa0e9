// Structured logging to stderr, quiet unless SAFEDISK_LOG asks for it. Never stdout: in host mode
// stdout carries protocol frames only.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogEntry {
	level: LogLevel;
	event: string;
	[field: string]: unknown;
}

export type LogSink = (entry: LogEntry) => void;

function thresholdFromEnvironment(): number {
	const wanted = process.env.SAFEDISK_LOG as LogLevel | undefined;
	return wanted && wanted in LEVELS ? LEVELS[wanted] : LEVELS.error + 1;
}

let sink: LogSink = (entry) => {
	if (LEVELS[entry.level] < thresholdFromEnvironment()) return;
	process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

export function setLogSink(next: LogSink): void {
	sink = next;
}

export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
	sink({ level, event, ...fields });
}
