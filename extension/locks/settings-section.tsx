import { SafeDiskError } from '../../shared/errors.ts';
import type { HostClient } from '../host/host-client.ts';
import { type Settings, updateSettings } from '../settings/settings.ts';
import { checkScanFolder } from './check-scan-folder.ts';
import { DeepCleanupLinkSetting } from './deep-cleanup-link-setting.tsx';
import { FolderListSetting, type FolderRefusal } from './folder-list-setting.tsx';

const NEEDS_HELPER: FolderRefusal = {
	text: 'The SafeDisk helper checks each folder; install it first.',
	code: 'E_HOST_UNREACHABLE',
};

function refusal(error: unknown): FolderRefusal {
	return error instanceof SafeDiskError
		? { text: `${error.message} [${error.code}]`, code: error.code }
		: { text: String(error), code: 'E_INTERNAL' };
}

interface SettingsProps {
	settings: Settings;
	client: HostClient | null;
	homeDir: string | null;
}

export function SettingsSection({ settings, client, homeDir }: SettingsProps) {
	// The helper refuses a missing path (E_PATH_NOT_FOUND) or a file (E_NOT_A_DIRECTORY).
	const validateLockDir = async (folder: string) => {
		if (!client) return NEEDS_HELPER;
		return client.request('lock-health', { dirs: [folder] }).then(() => null, refusal);
	};
	const expand = (folder: string) =>
		homeDir && (folder === '~' || folder.startsWith('~/'))
			? `${homeDir}${folder.slice(1)}`
			: folder;
	// Checked as the scan checks it: refused when missing (E_PATH_NOT_FOUND), a file or FIFO
	// (E_NOT_A_DIRECTORY) or relative (E_BAD_PAYLOAD).
	const validateScanFolder = async (folder: string) => {
		if (!client) return NEEDS_HELPER;
		return checkScanFolder(client, expand(folder)).then(() => null, refusal);
	};
	return (
		<section aria-labelledby="settings-heading">
			<h2 id="settings-heading">Settings</h2>
			<FolderListSetting
				title="Lock directories"
				hint="Checked together with the default lock locations below. The helper checks that each one is a directory before it is added."
				folders={settings.lockDirs}
				validate={validateLockDir}
				onChange={(lockDirs) => void updateSettings({ lockDirs })}
				canValidate={client !== null}
				testId="lock-dirs-setting"
			/>
			<FolderListSetting
				title="Browser folders to scan"
				hint="User-data folders scanned in addition to the Chrome, Chromium and Edge installs SafeDisk finds by itself, such as a profile started with --user-data-dir."
				folders={settings.scanFolders}
				validate={validateScanFolder}
				onChange={(scanFolders) => void updateSettings({ scanFolders: scanFolders.map(expand) })}
				canValidate={client !== null}
				testId="scan-folders-setting"
			/>
			<DeepCleanupLinkSetting
				url={settings.deepCleanupUrl}
				onChange={(deepCleanupUrl) => void updateSettings({ deepCleanupUrl })}
			/>
		</section>
	);
}
