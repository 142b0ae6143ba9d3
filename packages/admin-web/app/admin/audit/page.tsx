import { AuditLog } from '@/components/audit-table';

export default function AuditPage() {
  return (
    <>
      <h1>Audit log</h1>
      <AuditLog />
    </>
  );
}
