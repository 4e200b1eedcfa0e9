import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDirectory } from './support/check-directory.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'safedisk-health-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lock names that are not valid UTF-8', () => {
	it('are reported as entries it cannot check, never passed over in silence', async () => {
		const bytes = (name: string) =>
			Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name, 'latin1')]);
		closeSync(openSync(bytes('caf\xe9.lock'), 'w'));
		mkdirSync(bytes('r\xe9s.lock'));
		closeSync(openSync(path.join(dir, 'plain.lock'), 'w'));
		const { result, reports } = await checkDirectory(dir);
		expect(reports.map((report) => path.basename(report.path))).toEqual(['plain.lock']);
		const errors = result.directories[0]?.errors ?? [];
		expect(errors.map((error) => error.code)).toEqual(['EILSEQ', 'EILSEQ']);
		expect(result.problems.length).toBeGreaterThanOrEqual(2);
	});
});
