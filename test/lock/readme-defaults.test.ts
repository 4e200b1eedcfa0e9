import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_RESOURCE_NAME_BYTES } from '../../native-host/lock/acquire-options.ts';
import {
	LOCK_DEFAULTS,
	MAX_STALE_THRESHOLD_MS,
	MIN_STALE_TO_INTERVAL_RATIO,
} from '../../native-host/lock/defaults.ts';

const README = path.join(
	path.dirname(fileURLToPath(import.meta.url)),
	'../../native-host/lock/README.md',
);
const text = readFileSync(README, 'utf8');

// Rows of the README's defaults table: | setting | `option` | value |
function documentedDefaults(): Map<string, string> {
	const rows = new Map<string, string>();
	for (const match of text.matchAll(/^\|[^|]+\|\s*`(\w+)`\s*\|\s*(.+?)\s*\|$/gm)) {
		const [, option, value] = match;
		if (option && value) rows.set(option, value);
	}
	return rows;
}

describe('the lock README', () => {
	it('states every default with the number the defaults module uses', () => {
		const documented = documentedDefaults();
		expect([...documented.keys()].sort()).toEqual(
			[
				...Object.keys(LOCK_DEFAULTS).filter((key) => key !== 'unhealthyPolicy'),
				'onUnhealthy',
			].sort(),
		);
		for (const [option, value] of Object.entries(LOCK_DEFAULTS)) {
			if (option === 'unhealthyPolicy') expect(documented.get('onUnhealthy')).toBe(`\`${value}\``);
			else expect(documented.get(option), option).toBe(`${value} ms`);
		}
	});

	it('states the derived numbers: when a holder turns unhealthy and the stale-to-interval ratio', () => {
		const unhealthyAt = LOCK_DEFAULTS.staleThresholdMs - LOCK_DEFAULTS.unhealthyMarginMs;
		expect(text).toContain(`unhealthy at ${unhealthyAt} ms without a refresh`);
		expect(text).toContain(`at least ${MIN_STALE_TO_INTERVAL_RATIO} heartbeat intervals`);
		expect(text).toContain(`at most ${MAX_STALE_THRESHOLD_MS / 60_000} minutes`);
		expect(text).toContain(`longer than ${MAX_RESOURCE_NAME_BYTES} bytes`);
		expect(
			LOCK_DEFAULTS.staleThresholdMs / LOCK_DEFAULTS.heartbeatIntervalMs,
		).toBeGreaterThanOrEqual(MIN_STALE_TO_INTERVAL_RATIO);
	});
});
