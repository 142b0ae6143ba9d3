import { PageHeader, PageTitle } from '@ducat/ui';
import { MerchantReports } from '@/components/merchant/merchant-reports';

export default function ReportsPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Reconciliation reports</PageTitle>
      </PageHeader>
      <p className="muted">
        Your balance movements of a period (at most 31 days), signed like an IPN: the same file your
        server can fetch with the SDK.
      </p>
      <MerchantReports />
    </>
  );
}
