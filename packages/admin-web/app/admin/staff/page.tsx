import { StaffForm } from '@/components/admin/staff-form';

export default function StaffPage() {
  return (
    <>
      <h1>Platform staff</h1>
      <p className="muted">
        Admins run everything; support reads (and resends IPNs); finance handles money (fees,
        exceptions, reconciliation).
      </p>
      <StaffForm />
    </>
  );
}
