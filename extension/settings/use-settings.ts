import { useEffect, useState } from 'preact/hooks';
import { onSettingsChanged, readSettings, type Settings } from './settings.ts';

// The stored settings, kept current while another page changes them; null until read.
export function useSettings(): Settings | null {
	const [settings, setSettings] = useState<Settings | null>(null);
	useEffect(() => {
		let live = true;
		void readSettings().then((read) => live && setSettings(read));
		const stop = onSettingsChanged(setSettings);
		return () => {
			live = false;
			stop();
		};
	}, []);
	return settings;
}
