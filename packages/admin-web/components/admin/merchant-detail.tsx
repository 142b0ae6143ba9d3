'use client';

import { PageHeader, PageTitle } from '@ducat/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { AuditTable } from '@/components/audit-table';
import { ConfirmButton } from '@/components/confirm-button';
import { CredentialsPanel } from '@/components/credentials-panel';
import { StaticTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { IpnDeliveries } from '@/components/ipn-deliveries';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { Merchant, MerchantStatus } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

const ZFee = z.coerce
  .number({ message: 'A whole number of basis points.' })
  .int('A whole number of basis points.')
  .min(0, 'At least 0.')
  .max(5_000, 'At most 5000 (50%).');

type Transition = { to: MerchantStatus; label: string; danger: boolean; text: string };

/** The moves the server allows from each status (pending → active | closed, active ↔ suspended, any → closed). */
const TRANSITIONS: Record<MerchantStatus, Transition[]> = {
  pending: [
    { to: 'active', label: 'Approve', danger: false, text: 'The merchant can take payments.' },
    { to: 'closed', label: 'Reject and close', danger: true, text: 'Closing is final.' },
  ],
  active: [
    {
      to: 'suspended',
      label: 'Suspend',
      danger: true,
      text: 'Its API keys stop working until it is reactivated; open orders cannot be paid.',
    },
    { to: 'closed', label: 'Close', danger: true, text: 'Closing is final.' },
  ],
  suspended: [
    {
      to: 'active',
      label: 'Reactivate',
      danger: false,
      text: 'The merchant can take payments again.',
    },
    { to: 'closed', label: 'Close', danger: true, text: 'Closing is final.' },
  ],
  closed: [],
};

function StatusActions({ merchant }: { merchant: Merchant }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setStatus = useMutation(
    trpc.admin.merchants.setStatus.mutationOptions({
      meta: success(
        (m: { businessName: string; status: string }) => `${m.businessName} is now ${m.status}`,
      ),
      onSuccess: (updated) => {
        void queryClient.invalidateQueries({
          queryKey: trpc.merchant.get.queryKey({ merchantId: updated.id }),
        });
        void queryClient.invalidateQueries({ queryKey: trpc.admin.merchants.pathKey() });
      },
    }),
  );
  return (
    <section className="toolbar" aria-label="Status actions">
      {TRANSITIONS[merchant.status].map((t) => (
        <ConfirmButton
          key={t.to}
          label={t.label}
          title={`${t.label} ${merchant.businessName}?`}
          danger={t.danger}
          description={<p>{t.text}</p>}
          onConfirm={async (form) => {
            const reason = String(form.get('reason') ?? '').trim();
            await setStatus.mutateAsync({
              merchantId: merchant.id,
              status: t.to,
              reason: reason || undefined,
            });
          }}
        >
          <label>
            Reason (kept in the audit log)
            <input name="reason" maxLength={500} />
          </label>
        </ConfirmButton>
      ))}
      <ApiErrorMessage error={setStatus.error} />
    </section>
  );
}

function FeeForm({ merchant }: { merchant: Merchant }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | undefined>();
  const setFee = useMutation(
    trpc.admin.merchants.setFee.mutationOptions({
      meta: success('Fee rate saved'),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.merchants.pathKey() }),
    }),
  );
  return (
    <form
      className="inline-form"
      aria-label="Fee rate"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = ZFee.safeParse(new FormData(e.currentTarget).get('feeBps'));
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        setFee.mutate({ merchantId: merchant.id, feeBps: parsed.data });
      }}
    >
      <label>
        Fee rate (basis points; 290 = 2.9%)
        <input name="feeBps" inputMode="numeric" defaultValue={merchant.feeBps} />
      </label>
      <button type="submit" disabled={setFee.isPending}>
        {setFee.isPending ? 'Saving…' : 'Save fee'}
      </button>
      {setFee.isSuccess ? <span role="status">Saved.</span> : null}
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={setFee.error} />
    </form>
  );
}

/** One merchant for platform staff: profile, status moves, fee, keys, IPN deliveries, audit. */
export function MerchantDetail({ merchantId }: { merchantId: string }) {
  const trpc = useTRPC();
  const me = useStaff();
  const query = useQuery(trpc.admin.merchants.get.queryOptions({ merchantId }));
  return (
    <QueryState query={query}>
      {({ merchant: m, balances, counts, staff }) => (
        <>
          <PageHeader>
            <PageTitle>
              {m.businessName} <StatusBadge status={m.status} />
            </PageTitle>
          </PageHeader>
          <dl className="facts">
            <dt>Id</dt>
            <dd>
              <code>{m.id}</code>
            </dd>
            <dt>Website</dt>
            <dd>{m.website}</dd>
            <dt>Contact</dt>
            <dd>{m.contactEmail}</dd>
            <dt>Return URL</dt>
            <dd>{m.callbackUrl}</dd>
            <dt>IPN URL</dt>
            <dd>{m.ipnUrl}</dd>
            <dt>Widget origins</dt>
            <dd>{m.allowedOrigins.join(', ') || '—'}</dd>
            <dt>Fee</dt>
            <dd>{m.feeBps} bps</dd>
            <dt>Applied</dt>
            <dd>
              <DateTime value={m.createdAt} />
            </dd>
          </dl>
          {can(me.role, 'merchants.setStatus') ? <StatusActions merchant={m} /> : null}
          <h2>Balance</h2>
          <div className="cards">
            {(['test', 'live'] as const).map((mode) => (
              <section key={mode} className="card" aria-label={`${mode} balances`}>
                <h3>{mode === 'test' ? 'Test mode' : 'Live mode'}</h3>
                {balances[mode].length === 0 ? <p className="empty">No balance.</p> : null}
                <ul>
                  {balances[mode].map((b) => (
                    <li key={b.currency}>
                      <Money amount={b.balance} currency={b.currency} /> (available{' '}
                      <Money amount={b.available} currency={b.currency} />)
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
          <h2>Orders</h2>
          <p>
            {counts.orders} orders
            {Object.entries(counts.ordersByStatus).length > 0
              ? ` (${Object.entries(counts.ordersByStatus)
                  .map(([status, n]) => `${status}: ${n}`)
                  .join(', ')})`
              : ''}
            .{' '}
            <Link href={`/admin/orders?merchantId=${m.id}`}>
              Search this merchant&apos;s orders
            </Link>
          </p>
          <StaticTable
            caption="Merchant staff"
            rows={staff}
            rowKey={(u) => u.id}
            columns={[
              { key: 'email', header: 'Email', render: (u) => u.email },
              { key: 'name', header: 'Name', render: (u) => u.name ?? '—' },
              { key: 'role', header: 'Role', render: (u) => u.role },
              {
                key: 'state',
                header: 'State',
                render: (u) => (u.disabled ? 'disabled' : 'active'),
              },
            ]}
          />
          {can(me.role, 'merchants.setFee') ? <FeeForm merchant={m} /> : null}
          {can(me.role, 'credentials.read') ? <CredentialsPanel merchantId={m.id} /> : null}
          {can(me.role, 'ipn.read') ? <IpnDeliveries merchantId={m.id} /> : null}
          {can(me.role, 'audit.read') ? (
            <section aria-labelledby="audit-heading">
              <h2 id="audit-heading">Audit trail</h2>
              <AuditTable filters={{ merchantId: m.id }} />
            </section>
          ) : null}
        </>
      )}
    </QueryState>
  );
}
