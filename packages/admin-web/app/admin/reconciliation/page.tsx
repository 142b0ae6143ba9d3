import { DifferenceList } from '@/components/admin/recon-differences';
import { ReconRuns } from '@/components/admin/recon-runs';
import { SettlementUpload } from '@/components/admin/settlement-upload';

export default function ReconciliationPage() {
  return (
    <>
      <h1>Reconciliation</h1>
      <DifferenceList />
      <ReconRuns />
      <SettlementUpload />
    </>
  );
}
