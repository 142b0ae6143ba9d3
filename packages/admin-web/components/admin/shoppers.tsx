'use client';

import { CopyButton, PageHeader, PageTitle, ShortId } from '@ducat/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { DataTable, StaticTable, useUrlPageSize, useUrlSort } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Id } from '@/components/id';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiOutputs } from '@/lib/api-types';
import { optionalParam } from '@/lib/params';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';

type Shopper = ApiOutputs['admin']['shoppers']['list']['items'][number];

const ZText = optionalParam(z.string().trim().min(1).max(200));
const ZUserId = optionalParam(z.string().regex(/^usr_[1-9A-HJ-NP-Za-km-z]{22}$/));
const SORT_FIELDS = ['createdAt', 'email'] as const;

/** Shoppers: search by id, email, name, locked; sorted by the server. */
export function ShopperList() {
  const trpc = useTRPC();
  const { get } = useUrlState();
  const { cursor } = useUrlPager();
  const pageSize = useUrlPageSize();
  const urlSort = useUrlSort();
  const field = SORT_FIELDS.find((f) => f === urlSort?.field) ?? 'createdAt';
  const sort = { field, dir: urlSort?.dir ?? ('desc' as const) };
  const lockedParam = get('locked');
  const query = useQuery(
    trpc.admin.shoppers.list.queryOptions({
      userId: ZUserId.parse(get('userId')),
      email: ZText.parse(get('email')),
      name: ZText.parse(get('name')),
      locked: lockedParam === 'yes' ? true : lockedParam === 'no' ? false : undefined,
      sort,
      cursor,
      limit: pageSize,
    }),
  );
  return (
    <>
      <UrlFilterForm
        label="Search shoppers"
        fields={['email', 'name', 'userId', 'locked']}
        chips={{
          labels: { email: 'Email', name: 'Name', userId: 'Shopper id', locked: 'Locked' },
          format: (field, value) =>
            field === 'locked' ? (value === 'yes' ? 'Locked' : 'Not locked') : value,
        }}
      >
        <label>
          Email
          <input name="email" defaultValue={get('email')} />
        </label>
        <label>
          Name
          <input name="name" defaultValue={get('name')} />
        </label>
        <label>
          Shopper id
          <input name="userId" defaultValue={get('userId')} placeholder="usr_…" />
        </label>
        <label>
          Locked
          <select name="locked" defaultValue={lockedParam ?? ''}>
            <option value="">Any</option>
            <option value="yes">Locked</option>
            <option value="no">Not locked</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </UrlFilterForm>
      <DataTable<Shopper>
        pageSize={pageSize}
        caption="Shoppers"
        query={query}
        rowKey={(s) => s.id}
        rowHref={(s) => `/admin/shoppers/${s.id}`}
        sort={sort}
        empty="No shopper matches."
        columns={[
          {
            key: 'email',
            header: 'Email',
            sortField: 'email',
            render: (s) => s.email,
          },
          { key: 'name', header: 'Name', render: (s) => s.name ?? '—' },
          { key: 'verified', header: 'Verified', render: (s) => (s.emailVerified ? 'yes' : 'no') },
          {
            key: 'locked',
            header: 'State',
            render: (s) => <StatusBadge status={s.locked ? 'locked' : 'active'} />,
          },
          {
            key: 'created',
            header: 'Signed up',
            sortField: 'createdAt',
            render: (s) => <DateTime value={s.createdAt} />,
          },
        ]}
      />
    </>
  );
}

/** One shopper: profile, wallets, recent orders, lock or unlock. */
export function ShopperDetail({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | undefined>();
  const query = useQuery(trpc.admin.shoppers.get.queryOptions({ userId }));
  const setLocked = useMutation(
    trpc.admin.shoppers.setLocked.mutationOptions({
      meta: success((_d, v: { locked: boolean }) =>
        v.locked ? 'Shopper locked' : 'Shopper unlocked',
      ),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.shoppers.pathKey() }),
    }),
  );
  const mayLock = can(me.role, 'shoppers.lock');
  return (
    <QueryState query={query}>
      {({ shopper, wallets, recentOrders }) => (
        <>
          <p>
            <Link href="/admin/shoppers">← Shoppers</Link>
          </p>
          <PageHeader>
            <PageTitle>
              {shopper.email} <StatusBadge status={shopper.locked ? 'locked' : 'active'} />
            </PageTitle>
          </PageHeader>
          <dl className="facts">
            <dt>Id</dt>
            <dd>
              <code>{shopper.id}</code>
            </dd>
            <dt>Name</dt>
            <dd>{shopper.name ?? '—'}</dd>
            <dt>Email verified</dt>
            <dd>{shopper.emailVerified ? 'yes' : 'no'}</dd>
            <dt>Signed up</dt>
            <dd>
              <DateTime value={shopper.createdAt} />
            </dd>
            {shopper.locked ? (
              <>
                <dt>Locked</dt>
                <dd>
                  <DateTime value={shopper.lockedAt} /> {shopper.lockedReason ?? ''}
                </dd>
              </>
            ) : null}
          </dl>
          {mayLock ? (
            <ConfirmButton
              label={shopper.locked ? 'Unlock' : 'Lock'}
              title={`${shopper.locked ? 'Unlock' : 'Lock'} ${shopper.email}?`}
              danger={!shopper.locked}
              description={
                <p>
                  {shopper.locked
                    ? 'The shopper can sign in and pay again.'
                    : 'Every session ends at once; signing in and paying are refused until unlocked.'}
                </p>
              }
              onConfirm={async (form) => {
                const reason = String(form.get('reason') ?? '').trim();
                const parsed = z
                  .string()
                  .min(3, 'Give a reason (3+ characters).')
                  .max(500)
                  .optional()
                  .safeParse(reason || undefined);
                if (!parsed.success) {
                  setInvalid(parsed.error.issues[0]?.message);
                  return;
                }
                setInvalid(undefined);
                await setLocked.mutateAsync({
                  userId: shopper.id,
                  locked: !shopper.locked,
                  reason: parsed.data,
                });
              }}
            >
              <label>
                Reason (audited)
                <input name="reason" maxLength={500} />
              </label>
            </ConfirmButton>
          ) : null}
          {invalid ? (
            <p role="alert" className="error">
              {invalid}
            </p>
          ) : null}
          <ApiErrorMessage error={setLocked.error} />
          <h2>Wallets</h2>
          <StaticTable
            caption="Wallet balances"
            rows={wallets}
            rowKey={(w) => `${w.mode}-${w.currency}`}
            empty="No wallet yet."
            columns={[
              { key: 'mode', header: 'Mode', render: (w) => w.mode },
              { key: 'currency', header: 'Currency', render: (w) => w.currency },
              {
                key: 'balance',
                header: 'Balance',
                numeric: true,
                render: (w) => <Money amount={w.balance} currency={w.currency} />,
              },
              {
                key: 'pending',
                header: 'Reserved',
                numeric: true,
                render: (w) => <Money amount={w.pending} currency={w.currency} />,
              },
              {
                key: 'available',
                header: 'Available',
                numeric: true,
                render: (w) => <Money amount={w.available} currency={w.currency} />,
              },
            ]}
          />
          <h2>Recent orders</h2>
          <p>
            <Link href={`/admin/orders?shopperId=${shopper.id}`}>All orders of this shopper</Link>
          </p>
          <StaticTable
            caption="The shopper's latest orders"
            rows={recentOrders}
            rowKey={(o) => o.id}
            rowHref={(o) => `/admin/orders/${o.id}`}
            empty="No order yet."
            columns={[
              {
                key: 'id',
                header: 'Order',
                render: (o) => <ShortId value={o.id} />,
                aside: (o) => <CopyButton value={o.id} label="Copy order id" />,
              },
              { key: 'merchant', header: 'Merchant', render: (o) => <Id value={o.merchantId} /> },
              {
                key: 'amount',
                header: 'Amount',
                numeric: true,
                render: (o) => <Money amount={o.amount} currency={o.currency} />,
              },
              { key: 'status', header: 'Status', render: (o) => <StatusBadge status={o.status} /> },
              { key: 'at', header: 'Created', render: (o) => <DateTime value={o.createdAt} /> },
            ]}
          />
        </>
      )}
    </QueryState>
  );
}
