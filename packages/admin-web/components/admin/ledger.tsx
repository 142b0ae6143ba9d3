'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { DataTable, useUrlPageSize, useUrlSort } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Id } from '@/components/id';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiOutputs } from '@/lib/api-types';
import { endOfDay, optionalParam, startOfDay, ZDay } from '@/lib/params';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';

type Account = ApiOutputs['admin']['ledger']['accounts']['items'][number];

const OWNER_LABEL: Record<Account['ownerType'], string> = {
  merchant: 'Merchant',
  shopper: 'Shopper',
  provider: 'Provider',
  platform: 'Platform',
};
type Transfer = ApiOutputs['admin']['ledger']['transfers']['items'][number];

const ACCOUNT_KINDS = [
  'shopper_wallet',
  'merchant_balance',
  'provider_clearing',
  'payout_clearing',
  'platform_fees',
  'suspense',
] as const;
const OWNER_TYPES = ['shopper', 'merchant', 'provider', 'platform'] as const;
const TRANSFER_KINDS = [
  'deposit',
  'withdrawal',
  'payment',
  'fee',
  'refund',
  'payout',
  'adjustment',
] as const;
const TRANSFER_STATUSES = ['pending', 'posted', 'voided'] as const;

const opt = optionalParam;
const ZAccountId = z.string().regex(/^acc_[1-9A-HJ-NP-Za-km-z]{22}$/);

/** The stored invariant check: its last result, and (admin, finance) a run now. */
export function LedgerCheck() {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const last = useQuery(trpc.admin.ledger.lastCheck.queryOptions());
  const verify = useMutation(
    trpc.admin.ledger.verify.mutationOptions({
      meta: success('Invariant check finished'),
      onSuccess: (check) => queryClient.setQueryData(trpc.admin.ledger.lastCheck.queryKey(), check),
    }),
  );
  return (
    <section aria-labelledby="check-heading" className="card">
      <h2 id="check-heading">Invariant check</h2>
      <QueryState query={last}>
        {(check) =>
          check ? (
            <div data-testid="ledger-check">
              <p>
                <StatusBadge status={check.ok ? 'balanced' : 'violated'} /> at{' '}
                <DateTime value={check.finishedAt} /> by {check.startedBy} ({check.durationMs} ms):{' '}
                {check.report.accounts} accounts, {check.report.transfers} transfers,{' '}
                {check.report.postings} postings.
              </p>
              <ul>
                {check.report.invariants.map((i) => (
                  <li key={i.name}>
                    {i.ok ? '✓' : '✗'} {i.name}
                    {i.violations.length > 0 ? ` (${i.violations.length} violations)` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="empty">The check has not run yet.</p>
          )
        }
      </QueryState>
      {can(me.role, 'ledger.verify') ? (
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? 'Checking every account and transfer…' : 'Run the check now'}
        </button>
      ) : null}
      {verify.isPending ? (
        <p role="status" aria-live="polite">
          <progress aria-label="Ledger check running" /> Running…
        </p>
      ) : null}
      <ApiErrorMessage error={verify.error} />
    </section>
  );
}

export function LedgerAccounts() {
  const trpc = useTRPC();
  const { get, set } = useUrlState();
  const { cursor } = useUrlPager('acc');
  const accPageSize = useUrlPageSize('acc');
  const urlSort = useUrlSort();
  const field =
    (['createdAt', 'balance'] as const).find((f) => f === urlSort?.field) ?? 'createdAt';
  const sort = { field, dir: urlSort?.dir ?? ('desc' as const) };
  const query = useQuery(
    trpc.admin.ledger.accounts.queryOptions({
      accountId: opt(ZAccountId).parse(get('accountId')),
      ownerType: opt(z.enum(OWNER_TYPES)).parse(get('ownerType')),
      ownerId: opt(z.string().min(1).max(64)).parse(get('ownerId')),
      kind: opt(z.enum(ACCOUNT_KINDS)).parse(get('accountKind')),
      currency: opt(z.string().regex(/^[A-Z]{3}$/)).parse(get('currency')?.toUpperCase()),
      mode: opt(z.enum(['test', 'live'])).parse(get('mode')),
      sort,
      cursor,
      limit: accPageSize,
    }),
  );
  return (
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">Accounts</h2>
      <UrlFilterForm
        label="Filter accounts"
        fields={['accountId', 'ownerType', 'ownerId', 'accountKind', 'currency', 'mode']}
      >
        <label>
          Account id
          <input name="accountId" defaultValue={get('accountId')} placeholder="acc_…" />
        </label>
        <label>
          Owner
          <select name="ownerType" defaultValue={get('ownerType') ?? ''}>
            <option value="">Any</option>
            {OWNER_TYPES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          Owner id
          <input name="ownerId" defaultValue={get('ownerId')} />
        </label>
        <label>
          Kind
          <select name="accountKind" defaultValue={get('accountKind') ?? ''}>
            <option value="">Any</option>
            {ACCOUNT_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Currency
          <input name="currency" defaultValue={get('currency')} size={4} />
        </label>
        <label>
          Mode
          <select name="mode" defaultValue={get('mode') ?? ''}>
            <option value="">Any</option>
            <option value="test">Test</option>
            <option value="live">Live</option>
          </select>
        </label>
        <button type="submit">Filter</button>
      </UrlFilterForm>
      <DataTable<Account>
        pageSize={accPageSize}
        caption="Ledger accounts"
        query={query}
        rowKey={(a) => a.id}
        pager="acc"
        sort={sort}
        empty="No account matches."
        columns={[
          {
            key: 'id',
            header: 'Account',
            render: (a) => (
              <button
                type="button"
                className="link"
                title="Show this account's transfers"
                onClick={() => set({ transfersOf: a.id })}
              >
                <code>{a.id}</code>
              </button>
            ),
          },
          { key: 'kind', header: 'Kind', render: (a) => a.kind.replaceAll('_', ' ') },
          {
            key: 'owner',
            header: 'Owner',
            render: (a) =>
              a.ownerType === 'platform' ? (
                'Platform'
              ) : (
                <span className="inline-flex flex-wrap items-center gap-x-1.5">
                  <span className="muted">{OWNER_LABEL[a.ownerType]}</span>
                  {a.ownerType === 'merchant' ? (
                    <Link href={`/admin/merchants/${a.ownerId}`}>{a.ownerName ?? a.ownerId}</Link>
                  ) : a.ownerType === 'shopper' ? (
                    <Link href={`/admin/shoppers/${a.ownerId}`}>{a.ownerName ?? a.ownerId}</Link>
                  ) : (
                    (a.ownerName ?? a.ownerId)
                  )}
                </span>
              ),
          },
          { key: 'mode', header: 'Mode', render: (a) => a.mode },
          {
            key: 'balance',
            header: 'Balance',
            numeric: true,
            sortField: 'balance',
            render: (a) => <Money amount={a.balance} currency={a.currency} />,
          },
          {
            key: 'pending',
            header: 'Pending (debits / credits)',
            numeric: true,
            render: (a) => (
              <>
                <Money amount={a.pendingDebits} currency={a.currency} /> /{' '}
                <Money amount={a.pendingCredits} currency={a.currency} />
              </>
            ),
          },
          { key: 'postings', header: 'Postings', numeric: true, render: (a) => a.postings },
          {
            key: 'created',
            header: 'Opened',
            sortField: 'createdAt',
            render: (a) => <DateTime value={a.createdAt} />,
          },
        ]}
      />
    </section>
  );
}

export function LedgerTransfers() {
  const trpc = useTRPC();
  const { get } = useUrlState();
  const { cursor } = useUrlPager('trf');
  const trfPageSize = useUrlPageSize('trf');
  const from = opt(ZDay).parse(get('trfFrom'));
  const to = opt(ZDay).parse(get('trfTo'));
  const accountId = opt(ZAccountId).parse(get('transfersOf'));
  const query = useQuery(
    trpc.admin.ledger.transfers.queryOptions({
      accountId,
      kind: opt(z.enum(TRANSFER_KINDS)).parse(get('trfKind')),
      status: opt(z.enum(TRANSFER_STATUSES)).parse(get('trfStatus')),
      from: from ? startOfDay(from) : undefined,
      to: to ? endOfDay(to) : undefined,
      cursor,
      limit: trfPageSize,
    }),
  );
  return (
    <section aria-labelledby="transfers-heading">
      <h2 id="transfers-heading">Transfers{accountId ? ` of ${accountId}` : ''}</h2>
      <UrlFilterForm
        label="Filter transfers"
        fields={['transfersOf', 'trfKind', 'trfStatus', 'trfFrom', 'trfTo']}
      >
        <label>
          Account id
          <input name="transfersOf" defaultValue={accountId} key={accountId} placeholder="acc_…" />
        </label>
        <label>
          Kind
          <select name="trfKind" defaultValue={get('trfKind') ?? ''}>
            <option value="">Any</option>
            {TRANSFER_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="trfStatus" defaultValue={get('trfStatus') ?? ''}>
            <option value="">Any</option>
            {TRANSFER_STATUSES.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          From (UTC day)
          <input name="trfFrom" type="date" defaultValue={from} />
        </label>
        <label>
          To (UTC day)
          <input name="trfTo" type="date" defaultValue={to} />
        </label>
        <button type="submit">Filter</button>
      </UrlFilterForm>
      <DataTable<Transfer>
        pageSize={trfPageSize}
        caption="Ledger transfers, newest first"
        query={query}
        rowKey={(t) => t.id}
        pager="trf"
        empty="No transfer matches."
        columns={[
          { key: 'id', header: 'Transfer', render: (t) => <Id value={t.id} /> },
          { key: 'kind', header: 'Kind', render: (t) => t.kind },
          { key: 'key', header: 'Key', render: (t) => <code>{t.idempotencyKey}</code> },
          { key: 'debit', header: 'Debit', render: (t) => <Id value={t.debitAccountId} /> },
          { key: 'credit', header: 'Credit', render: (t) => <Id value={t.creditAccountId} /> },
          {
            key: 'amount',
            header: 'Amount',
            numeric: true,
            render: (t) => <Money amount={t.postedAmount ?? t.amount} currency={t.currency} />,
          },
          { key: 'status', header: 'Status', render: (t) => <StatusBadge status={t.status} /> },
          { key: 'at', header: 'Created', render: (t) => <DateTime value={t.createdAt} /> },
        ]}
      />
    </section>
  );
}
