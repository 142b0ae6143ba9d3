import { PageHeader, PageTitle } from '@ducat/ui';
import { DifferenceList } from '@/components/admin/recon-differences';
import { ReconRuns } from '@/components/admin/recon-runs';
import { SettlementUpload } from '@/components/admin/settlement-upload';

export default function ReconciliationPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Reconciliation</PageTitle>
      </PageHeader>
      <DifferenceList />
      <ReconRuns />
      <SettlementUpload />
    </>
  );
}
