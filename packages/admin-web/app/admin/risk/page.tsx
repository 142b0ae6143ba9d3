import { RiskDecisions, RiskHolds, RiskRules } from '@/components/admin/risk-panels';

export default function RiskPage() {
  return (
    <>
      <h1>Risk</h1>
      <RiskRules />
      <RiskHolds />
      <RiskDecisions />
    </>
  );
}
