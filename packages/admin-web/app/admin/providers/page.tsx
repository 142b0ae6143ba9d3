import { Providers } from '@/components/admin/providers';

export default function ProvidersPage() {
  return (
    <>
      <h1>Providers</h1>
      <p className="muted">
        Banks, gateways and e-wallets money moves through. A disabled provider starts no new
        payment; what it already holds goes on. Secrets are write-only: only their names are shown.
      </p>
      <Providers />
    </>
  );
}
