import { describe, expect, it } from 'vitest';
import { describeFilesystem } from '../../../native-host/cli/disk-report.ts';
import type { FilesystemStatus } from '../../../shared/filesystem-status.ts';

describe('the disk report lines', () => {
	it('escape control characters in the path, mount point, filesystem type and write error', () => {
		const status: FilesystemStatus = {
			path: '/home/a\n\x1b]0;PWNED\x07',
			mountPoint: '/mnt/\x1b[2Jusb',
			fsType: 'fuse\rext4',
			totalBytes: 1000,
			freeBytes: 10,
			usedPercent: 99,
			totalInodes: null,
			freeInodes: null,
			usedInodesPercent: null,
			readOnly: false,
			writable: false,
			writeError: 'EROFS\x1b[31m',
			condition: 'not-writable',
		};
		const lines = describeFilesystem(status);
		expect(lines).toHaveLength(4);
		const controls = [...lines.join('')].filter((char) => {
			const code = char.codePointAt(0) ?? 0;
			return code < 0x20 || (code >= 0x7f && code <= 0x9f);
		});
		expect(controls).toEqual([]);
		expect(lines[0]).toBe('/home/a\\n\\x1b]0;PWNED\\x07 on /mnt/\\x1b[2Jusb (fuse\\rext4)');
		expect(lines[3]).toContain('creating a test file there failed: EROFS\\x1b[31m)');
	});
});
