import { Dashboard } from '@/components/admin/dashboard';

export default function DashboardPage() {
  return (
    <>
      <h1>Dashboard</h1>
      <Dashboard />
    </>
  );
}
