import { describe, expect, it } from 'vitest';
import {
	emptyRecord,
	mergeRecords,
	normaliseRecord,
} from '../../../native-host/install/install-record.ts';

const chromium = {
	label: 'Chromium',
	browser: 'chromium' as const,
	userDataDir: null,
	path: '/h/.config/chromium/NativeMessagingHosts/com.safedisk.host.json',
};
const edge = {
	label: 'Microsoft Edge',
	browser: 'edge' as const,
	userDataDir: null,
	path: '/h/.config/microsoft-edge/NativeMessagingHosts/com.safedisk.host.json',
};

describe('the install record', () => {
	it('keeps the registrations of an earlier install when a later one names other browsers', () => {
		const first = {
			...emptyRecord('/s/safedisk-host'),
			manifests: [chromium],
			createdDirs: ['/h/a'],
		};
		const second = { ...emptyRecord('/s/safedisk-host'), manifests: [edge], createdDirs: ['/h/b'] };
		const merged = mergeRecords(first, second);
		expect(merged.manifests).toEqual([chromium, edge]);
		expect(merged.createdDirs).toEqual(['/h/a', '/h/b']);
		expect(mergeRecords(merged, second).manifests).toHaveLength(2);
	});

	it('treats registry keys that differ only in case as one key, as Windows does', () => {
		const key = (name: string) => ({
			label: 'Google Chrome',
			browser: 'chrome' as const,
			userDataDir: null,
			key: name,
			manifestPath: 'C:\\s\\com.safedisk.host.json',
		});
		const first = {
			...emptyRecord('C:\\s\\safedisk-host.cmd'),
			registryKeys: [key('HKCU\\Software\\X')],
		};
		const second = {
			...emptyRecord('C:\\s\\safedisk-host.cmd'),
			registryKeys: [key('HKCU\\SOFTWARE\\X')],
		};
		expect(mergeRecords(first, second).registryKeys).toHaveLength(1);
	});

	it('reads a record of the earlier format, which listed bare paths and keys', () => {
		const record = normaliseRecord({
			wrapperPath: 'C:\\s\\safedisk-host.cmd',
			manifests: ['C:\\s\\com.safedisk.host.json'],
			registryKeys: ['HKCU\\Software\\Chromium\\NativeMessagingHosts\\com.safedisk.host'],
		});
		expect(record?.manifests[0]?.path).toBe('C:\\s\\com.safedisk.host.json');
		expect(record?.registryKeys[0]).toMatchObject({
			key: 'HKCU\\Software\\Chromium\\NativeMessagingHosts\\com.safedisk.host',
			manifestPath: 'C:\\s\\com.safedisk.host.json',
		});
		expect(normaliseRecord({ manifests: [] })).toBeNull();
		expect(normaliseRecord('nonsense')).toBeNull();
	});
});
