import { parseArgs } from 'node:util';
import type { HostDiagnosis } from '../../shared/host-diagnosis.ts';
import { currentPlatformEnvironment } from '../browsers/catalog.ts';
import { diagnoseHost } from '../install/doctor.ts';
import { BROWSER_SELECTION_OPTIONS, browserSelection } from './browser-selection.ts';
import { type CliCommand, EXIT_OK, EXIT_PROBLEM } from './cli-command.ts';

// One line per registration that works and per thing that is wrong, with the command that fixes it.
export function describeDiagnosis(diagnosis: HostDiagnosis): string[] {
	const lines: string[] = [];
	for (const registration of diagnosis.registrations) {
		if (registration.healthy)
			lines.push(
				`ok      ${registration.target}: registered (${registration.registryKey ?? registration.manifestPath})`,
			);
	}
	for (const finding of diagnosis.findings) {
		const fix = finding.fix === null ? '' : `. Fix: ${finding.fix}`;
		const mark = finding.severity === 'problem' ? 'problem' : 'note   ';
		lines.push(`${mark} ${finding.target}: ${finding.detail}${fix} [${finding.code}]`);
	}
	const problems = diagnosis.findings.filter((finding) => finding.severity === 'problem').length;
	lines.push(
		problems === 0
			? 'The native host is registered correctly.'
			: `${problems} problem${problems === 1 ? '' : 's'} found.`,
	);
	return lines;
}

export const doctorCommand: CliCommand = {
	name: 'doctor',
	summary: 'Check the native host registration of each browser and say how to fix it',
	usage: 'safedisk doctor [--browser NAME]... [--user-data-dir DIR]... [--json]',
	async run(args, io) {
		const { values } = parseArgs({
			args,
			options: { ...BROWSER_SELECTION_OPTIONS, json: { type: 'boolean', default: false } },
		});
		const diagnosis = await diagnoseHost({
			system: currentPlatformEnvironment(),
			...(await browserSelection(values)),
		});
		if (values.json) io.stdout.write(`${JSON.stringify(diagnosis, null, 2)}\n`);
		else io.stdout.write(`${describeDiagnosis(diagnosis).join('\n')}\n`);
		return diagnosis.healthy ? EXIT_OK : EXIT_PROBLEM;
	},
};
