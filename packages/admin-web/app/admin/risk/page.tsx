import { PageHeader, PageTitle } from '@ducat/ui';
import { RiskDecisions, RiskHolds, RiskRules } from '@/components/admin/risk-panels';

export default function RiskPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Risk</PageTitle>
      </PageHeader>
      <RiskRules />
      <RiskHolds />
      <RiskDecisions />
    </>
  );
}
