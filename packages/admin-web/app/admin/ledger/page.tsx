import { LedgerAccounts, LedgerCheck, LedgerTransfers } from '@/components/admin/ledger';

export default function LedgerPage() {
  return (
    <>
      <h1>Ledger</h1>
      <LedgerCheck />
      <LedgerAccounts />
      <LedgerTransfers />
    </>
  );
}
