import type { LockReport } from '../../shared/commands/lock-health.ts';
import { HEALTH_DEFAULTS } from './defaults.ts';

// `,"filesystem":` joins the status to the rest of the report.
const FILESYSTEM_KEY_BYTES = Buffer.byteLength(',"filesystem":');

// Cuts a stream of lock reports into pages whose JSON stays under a byte budget, so that no
// message to the browser comes near its 1 MB limit however many locks there are.
export class ReportPager {
	private page: LockReport[] = [];
	private bytes = 0;
	// The largest page handed out, in bytes of JSON: tests and the benchmark read it.
	largestPageBytes = 0;
	pages = 0;
	private readonly statusBytes = new WeakMap<object, number>();

	constructor(
		private readonly deliver: (page: LockReport[]) => void,
		private readonly budget: number = HEALTH_DEFAULTS.pageBudgetBytes,
	) {}

	add(report: LockReport): void {
		// One comma between entries; the brackets are counted once per page.
		const size = this.measure(report) + 1;
		if (this.page.length > 0 && this.bytes + size > this.budget) this.flush();
		this.page.push(report);
		this.bytes += size;
	}

	// The exact JSON size of a report. Thousands of reports share a few filesystem statuses, so
	// each status is serialised once and the rest of the report on its own.
	private measure(report: LockReport): number {
		const { filesystem, ...rest } = report;
		const restBytes = Buffer.byteLength(JSON.stringify(rest), 'utf8');
		if (filesystem === null) return restBytes + FILESYSTEM_KEY_BYTES + 4;
		let statusBytes = this.statusBytes.get(filesystem);
		if (statusBytes === undefined) {
			statusBytes = Buffer.byteLength(JSON.stringify(filesystem), 'utf8');
			this.statusBytes.set(filesystem, statusBytes);
		}
		return restBytes + FILESYSTEM_KEY_BYTES + statusBytes;
	}

	flush(): void {
		if (this.page.length === 0) return;
		this.largestPageBytes = Math.max(this.largestPageBytes, this.bytes + 1);
		this.pages += 1;
		const page = this.page;
		this.page = [];
		this.bytes = 0;
		this.deliver(page);
	}
}
