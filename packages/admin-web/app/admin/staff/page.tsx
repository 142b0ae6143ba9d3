import { PageHeader, PageTitle } from '@ducat/ui';
import { StaffForm } from '@/components/admin/staff-form';

export default function StaffPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Platform staff</PageTitle>
      </PageHeader>
      <p className="muted">
        Admins run everything; support reads (and resends IPNs); finance handles money (fees,
        exceptions, reconciliation).
      </p>
      <StaffForm />
    </>
  );
}
