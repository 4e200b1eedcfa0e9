import { describe, expect, it } from 'vitest';
import { findMount, parseMountInfo } from '../../../native-host/fs/mounts.ts';

const SAMPLE = [
	'22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro',
	'40 22 0:35 / /tmp/my\\040dir rw,nosuid - tmpfs tmpfs rw,size=64k,nr_inodes=16',
	'41 22 0:36 / /mnt/ro ro,relatime - ext4 /dev/sdb1 ro',
	'42 22 0:37 / /mnt rw - tmpfs tmpfs rw',
].join('\n');

describe('the mount table reader', () => {
	const entries = parseMountInfo(SAMPLE);

	it('unescapes spaces in mount points', () => {
		expect(entries.map((entry) => entry.mountPoint)).toContain('/tmp/my dir');
	});

	it('picks the deepest mount that holds a path', () => {
		expect(findMount(entries, '/mnt/ro/file')?.mountPoint).toBe('/mnt/ro');
		expect(findMount(entries, '/mnt/rob')?.mountPoint).toBe('/mnt');
		expect(findMount(entries, '/home/user')?.mountPoint).toBe('/');
	});

	it('sees the read-only flag among the mount options', () => {
		expect(findMount(entries, '/mnt/ro')?.options).toContain('ro');
		expect(findMount(entries, '/tmp/my dir/x')?.options).not.toContain('ro');
	});

	it('skips lines it cannot read instead of failing', () => {
		expect(parseMountInfo('garbage\n\n1 2 3')).toEqual([]);
	});
});
