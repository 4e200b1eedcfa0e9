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

let warnedAbout: string | undefined;

function thresholdFromEnvironment(): number {
	const wanted = process.env.SAFEDISK_LOG;
	if (wanted && Object.hasOwn(LEVELS, wanted)) return LEVELS[wanted as LogLevel];
	if (wanted && wanted !== warnedAbout) {
		warnedAbout = wanted;
		process.stderr.write(
			`safedisk: SAFEDISK_LOG=${JSON.stringify(wanted)} is not one of ${Object.keys(LEVELS).join(', ')}; logging stays off.\n`,
		);
	}
	return LEVELS.error + 1;
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
