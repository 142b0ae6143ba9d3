import { PageHeader, PageTitle } from '@ducat/ui';
import { Dashboard } from '@/components/admin/dashboard';

export default function DashboardPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Dashboard</PageTitle>
      </PageHeader>
      <Dashboard />
    </>
  );
}
