import { PageHeader, PageTitle } from '@ducat/ui';
import { AuditLog } from '@/components/audit-table';

export default function AuditPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Audit log</PageTitle>
      </PageHeader>
      <AuditLog />
    </>
  );
}
