import { PageHeader, PageTitle } from '@ducat/ui';
import { Providers } from '@/components/admin/providers';

export default function ProvidersPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Providers</PageTitle>
      </PageHeader>
      <p className="muted">
        Banks, gateways and e-wallets money moves through. A disabled provider starts no new
        payment; what it already holds goes on. Secrets are write-only: only their names are shown.
      </p>
      <Providers />
    </>
  );
}
