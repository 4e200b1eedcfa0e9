import type { RiskLevel } from '../../shared/storage-risk.ts';

const RISK_TEXT: Record<RiskLevel, string> = {
	low: 'Low risk',
	medium: 'Medium risk',
	high: 'High risk',
};

export function RiskBadge({ risk }: { risk: RiskLevel }) {
	return (
		<span class={`badge risk-${risk}`} data-risk={risk}>
			{RISK_TEXT[risk]}
		</span>
	);
}
