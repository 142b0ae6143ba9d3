import { PageHeader, PageTitle } from '@ducat/ui';
import { LedgerAccounts, LedgerCheck, LedgerTransfers } from '@/components/admin/ledger';

export default function LedgerPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Ledger</PageTitle>
      </PageHeader>
      <LedgerCheck />
      <LedgerAccounts />
      <LedgerTransfers />
    </>
  );
}
