import { SafeDiskError } from '../../shared/errors.ts';
import type { HostClient } from '../host/host-client.ts';
import { type Settings, updateSettings } from '../settings/settings.ts';
import { DeepCleanupLinkSetting } from './deep-cleanup-link-setting.tsx';
import { FolderListSetting } from './folder-list-setting.tsx';

const NEEDS_HELPER = 'The SafeDisk helper checks each folder; install it first.';

function refusal(error: unknown): string {
	return error instanceof SafeDiskError ? `${error.message} [${error.code}]` : String(error);
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
	const validateScanFolder = async (folder: string) => {
		if (!client) return NEEDS_HELPER;
		if (!expand(folder).startsWith('/') && !/^[A-Za-z]:[\\/]/.test(folder))
			return 'Give the full path of a browser user-data folder.';
		return client.request('disk-status', { path: expand(folder) }).then(() => null, refusal);
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
