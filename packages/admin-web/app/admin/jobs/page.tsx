import { PageHeader, PageTitle } from '@ducat/ui';
import { Jobs } from '@/components/admin/jobs';
import { SearchLag } from '@/components/admin/search-lag';

export default function JobsPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Background jobs</PageTitle>
      </PageHeader>
      <p className="muted">
        What the servers run on their own: expiry, IPN delivery, the stuck checker, archiving,
        reconciliation and the rest. Intervals come from <code>JOB_INTERVALS</code>; an admin can
        run any job now (also <code>pnpm --filter @ducat/server job:run &lt;name&gt;</code>).
      </p>
      <SearchLag />
      <Jobs />
    </>
  );
}
