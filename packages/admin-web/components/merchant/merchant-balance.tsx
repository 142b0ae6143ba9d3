'use client';

import { parseMoney } from '@ducat/web-kit';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { DataTable, useUrlPageSize, useUrlSort } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Id } from '@/components/id';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { ApiOutputs } from '@/lib/api-types';
import { useMode } from '@/lib/mode';
import { can } from '@/lib/roles';
import { useOwnMerchantId, useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';

type Movement = ApiOutputs['merchant']['balance']['history']['items'][number];
type Payout = ApiOutputs['merchant']['payouts']['list']['items'][number];
type Balance = ApiOutputs['merchant']['balance']['get'][number];

/** The order, refund or payout a balance movement belongs to, as a link to where it is shown. */
function SourceLink({ source }: { source: Movement['source'] }) {
  if (!source) return '—';
  if (source.type === 'order') {
    return <Link href={`/merchant/orders/${source.id}`}>Order {source.id}</Link>;
  }
  if (source.type === 'refund') {
    return source.orderId ? (
      <Link href={`/merchant/orders/${source.orderId}#refund-${source.id}`}>
        Refund {source.id}
      </Link>
    ) : (
      <code>{source.id}</code>
    );
  }
  return <a href={`#payout-${source.id}`}>Payout {source.id}</a>;
}

function History({ currency }: { currency: string }) {
  const trpc = useTRPC();
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  const { cursor } = useUrlPager('hist');
  const histPageSize = useUrlPageSize('hist');
  const query = useQuery(
    trpc.merchant.balance.history.queryOptions({
      merchantId,
      mode,
      currency,
      cursor,
      limit: histPageSize,
    }),
  );
  return (
    <DataTable<Movement>
      pageSize={histPageSize}
      caption={`${currency} balance history, newest first`}
      query={query}
      rowKey={(m) => m.id}
      pager="hist"
      empty="No movement yet."
      columns={[
        { key: 'at', header: 'When', render: (m) => <DateTime value={m.createdAt} /> },
        { key: 'kind', header: 'Kind', render: (m) => m.kind },
        { key: 'for', header: 'For', render: (m) => <SourceLink source={m.source} /> },
        { key: 'transfer', header: 'Transfer', render: (m) => <Id value={m.transferId} /> },
        {
          key: 'amount',
          header: 'Amount',
          numeric: true,
          render: (m) => <Money amount={m.amount} currency={currency} />,
        },
        {
          key: 'after',
          header: 'Balance after',
          numeric: true,
          render: (m) => <Money amount={m.balanceAfter} currency={currency} />,
        },
      ]}
    />
  );
}

function PayoutForm({ balances }: { balances: Balance[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  const [invalid, setInvalid] = useState<string | undefined>();
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const create = useMutation(
    trpc.merchant.payouts.create.mutationOptions({
      meta: success((p: { status: string }) => `Payout ${p.status}`),
      onSuccess: () => {
        setKey(crypto.randomUUID());
        void queryClient.invalidateQueries({ queryKey: trpc.merchant.pathKey() });
      },
    }),
  );
  if (balances.length === 0) return null;
  return (
    <section aria-labelledby="payout-heading" className="card">
      <h2 id="payout-heading">Pay out</h2>
      <ConfirmButton
        label="Request a payout…"
        title="Pay out from your balance?"
        danger={false}
        confirmLabel="Pay out"
        description={<p>The amount is reserved at once and sent through the provider.</p>}
        onConfirm={async (form) => {
          const currency = String(form.get('currency') ?? '');
          const available = balances.find((b) => b.currency === currency)?.available ?? 0;
          const parsed = z
            .object({
              currency: z.string().regex(/^[A-Z]{3}$/, 'Pick a currency.'),
              amount: z
                .number({ message: 'Enter an amount.' })
                .int()
                .positive('The amount must be above zero.')
                .max(available, 'More than is available.'),
              iban: z.string().trim().min(5, 'Enter the destination account.').max(200),
            })
            .safeParse({
              currency,
              amount: parseMoney(String(form.get('amount') ?? ''), currency || 'EUR'),
              iban: form.get('iban'),
            });
          if (!parsed.success) {
            setInvalid(parsed.error.issues[0]?.message);
            return;
          }
          setInvalid(undefined);
          await create.mutateAsync({
            merchantId,
            mode,
            currency: parsed.data.currency,
            amount: parsed.data.amount,
            destination: { iban: parsed.data.iban },
            idempotencyKey,
          });
        }}
      >
        <label>
          Currency
          <select name="currency" defaultValue={balances[0]?.currency}>
            {balances.map((b) => (
              <option key={b.currency} value={b.currency}>
                {b.currency}
              </option>
            ))}
          </select>
        </label>
        <label>
          Amount
          <input name="amount" inputMode="decimal" />
        </label>
        <label>
          Destination account (IBAN)
          <input name="iban" />
        </label>
      </ConfirmButton>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={create.error} />
      {create.isSuccess ? (
        <p role="status">
          Payout {create.data.id}: {create.data.status}.
        </p>
      ) : null}
    </section>
  );
}

function Payouts() {
  const trpc = useTRPC();
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  const { cursor } = useUrlPager('payouts');
  const payoutsPageSize = useUrlPageSize('payouts');
  const urlSort = useUrlSort();
  const field = (['createdAt', 'amount'] as const).find((f) => f === urlSort?.field);
  const sort = field
    ? { field, dir: urlSort?.dir ?? ('desc' as const) }
    : { field: 'createdAt' as const, dir: 'desc' as const };
  const query = useQuery(
    trpc.merchant.payouts.list.queryOptions({
      merchantId,
      mode,
      cursor,
      sort,
      limit: payoutsPageSize,
    }),
  );
  return (
    <DataTable<Payout>
      pageSize={payoutsPageSize}
      caption="Payouts"
      query={query}
      rowKey={(p) => p.id}
      pager="payouts"
      sort={sort}
      empty="No payout yet."
      columns={[
        {
          key: 'id',
          header: 'Payout',
          render: (p) => (
            <span id={`payout-${p.id}`}>
              <Id value={p.id} />
            </span>
          ),
        },
        {
          key: 'amount',
          header: 'Amount',
          numeric: true,
          sortField: 'amount',
          render: (p) => <Money amount={p.amount} currency={p.currency} />,
        },
        {
          key: 'status',
          header: 'Status',
          render: (p) => (
            <>
              <StatusBadge status={p.status} /> {p.failureCode ?? ''}
            </>
          ),
        },
        { key: 'provider', header: 'Provider', render: (p) => p.provider },
        {
          key: 'at',
          header: 'Requested',
          sortField: 'createdAt',
          render: (p) => <DateTime value={p.createdAt} />,
        },
      ]}
    />
  );
}

/** Balance per currency (posted, reserved, available), its history, and payouts. */
export function MerchantBalance() {
  const trpc = useTRPC();
  const me = useStaff();
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  const { get, set } = useUrlState();
  const query = useQuery(trpc.merchant.balance.get.queryOptions({ merchantId, mode }));
  return (
    <QueryState
      query={query}
      isEmpty={(b) => b.length === 0}
      empty={`No ${mode} balance yet: it appears with your first paid order.`}
    >
      {(balances) => {
        const currency = balances.some((b) => b.currency === get('currency'))
          ? (get('currency') ?? 'EUR')
          : (balances[0]?.currency ?? 'EUR');
        return (
          <>
            <div className="cards">
              {balances.map((b) => (
                <section key={b.currency} className="card" aria-label={`${b.currency} balance`}>
                  <h2>{b.currency}</h2>
                  <dl className="facts">
                    <dt>Available</dt>
                    <dd data-testid={`available-${b.currency}`}>
                      <Money amount={b.available} currency={b.currency} />
                    </dd>
                    <dt>Reserved</dt>
                    <dd>
                      <Money amount={b.pending} currency={b.currency} />
                    </dd>
                    <dt>Balance</dt>
                    <dd>
                      <Money amount={b.balance} currency={b.currency} />
                    </dd>
                  </dl>
                  {b.currency !== currency ? (
                    <button type="button" onClick={() => set({ currency: b.currency })}>
                      Show {b.currency} history
                    </button>
                  ) : null}
                </section>
              ))}
            </div>
            {can(me.role, 'payouts.create') ? <PayoutForm balances={balances} /> : null}
            <h2>History</h2>
            <History currency={currency} />
            <h2>Payouts</h2>
            <Payouts />
          </>
        );
      }}
    </QueryState>
  );
}
