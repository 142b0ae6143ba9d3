import { MerchantReports } from '@/components/merchant/merchant-reports';

export default function ReportsPage() {
  return (
    <>
      <h1>Reconciliation reports</h1>
      <p className="muted">
        Your balance movements of a period (at most 31 days), signed like an IPN: the same file your
        server can fetch with the SDK.
      </p>
      <MerchantReports />
    </>
  );
}
