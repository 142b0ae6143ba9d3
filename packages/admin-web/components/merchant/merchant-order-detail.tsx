'use client';

import { parseMoney, toDecimalText } from '@ducat/web-kit';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { StaticTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { IpnDeliveries } from '@/components/ipn-deliveries';
import { Money } from '@/components/money';
import { OrderFacts } from '@/components/order-facts';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useOwnMerchantId, useStaff } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';

type Order = ApiOutputs['merchant']['orders']['get'];
const REFUNDABLE = ['checkout_success', 'partially_refunded'];

function RefundForm({ order }: { order: Order }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | undefined>();
  // One key per refund the owner means to make: a retried click continues the same refund.
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const refundable = order.capturedAmount - order.refundedAmount;
  const create = useMutation(
    trpc.merchant.refunds.create.mutationOptions({
      onSuccess: () => {
        setKey(crypto.randomUUID());
        void queryClient.invalidateQueries({ queryKey: trpc.merchant.pathKey() });
      },
    }),
  );
  const ZRefund = z.object({
    amount: z
      .number({ message: `An amount in ${order.currency}.` })
      .int()
      .positive('The amount must be above zero.')
      .max(refundable, 'More than is left to refund.'),
    reason: z.string().trim().max(500).optional(),
  });
  return (
    <section aria-labelledby="refund-heading" className="card">
      <h2 id="refund-heading">Refund</h2>
      <p>
        Refundable: <Money amount={refundable} currency={order.currency} />
      </p>
      <ConfirmButton
        label="Refund…"
        title={`Refund order ${order.reference}?`}
        description={
          <p>The shopper gets the money back from your balance. This cannot be undone.</p>
        }
        confirmLabel="Refund"
        onConfirm={async (form) => {
          const parsed = ZRefund.safeParse({
            amount: parseMoney(String(form.get('amount') ?? ''), order.currency),
            reason: String(form.get('reason') ?? '') || undefined,
          });
          if (!parsed.success) {
            setInvalid(parsed.error.issues[0]?.message);
            return;
          }
          setInvalid(undefined);
          await create.mutateAsync({
            merchantId: order.merchantId,
            orderId: order.id,
            amount: parsed.data.amount,
            reason: parsed.data.reason,
            idempotencyKey,
          });
        }}
      >
        <label>
          Amount ({order.currency})
          <input
            name="amount"
            inputMode="decimal"
            defaultValue={toDecimalText(refundable, order.currency)}
          />
        </label>
        <label>
          Reason
          <input name="reason" maxLength={500} />
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
          Refund {create.data.id}: {create.data.status}.
        </p>
      ) : null}
    </section>
  );
}

/** One of the merchant's orders (another merchant's answers "not found"), its refunds and IPNs. */
export function MerchantOrderDetail({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const me = useStaff();
  const merchantId = useOwnMerchantId();
  const query = useQuery(trpc.merchant.orders.get.queryOptions({ merchantId, orderId }));
  const refunds = useQuery({
    ...trpc.merchant.refunds.list.queryOptions({
      merchantId,
      orderId,
      mode: query.data?.mode ?? 'test',
      limit: 50,
    }),
    enabled: query.data !== undefined,
  });
  return (
    <>
      <p>
        <Link href="/merchant/orders">← Orders</Link>
      </p>
      <QueryState query={query}>
        {(order) => (
          <>
            <h1>
              Order {order.reference} <StatusBadge status={order.status} />
            </h1>
            <OrderFacts order={order} />
            {can(me.role, 'refunds.create') && REFUNDABLE.includes(order.status) ? (
              <RefundForm order={order} />
            ) : null}
            <h2>Refunds</h2>
            <StaticTable
              caption="Refunds of this order"
              rows={refunds.data?.items ?? []}
              rowKey={(r) => r.id}
              empty={refunds.isPending ? 'Loading…' : 'No refund.'}
              columns={[
                { key: 'id', header: 'Refund', render: (r) => <code>{r.id}</code> },
                {
                  key: 'amount',
                  header: 'Amount',
                  numeric: true,
                  render: (r) => <Money amount={r.amount} currency={r.currency} />,
                },
                {
                  key: 'status',
                  header: 'Status',
                  render: (r) => (
                    <>
                      <StatusBadge status={r.status} /> {r.failureCode ?? ''}
                    </>
                  ),
                },
                { key: 'reason', header: 'Reason', render: (r) => r.reason ?? '—' },
                { key: 'at', header: 'Created', render: (r) => <DateTime value={r.createdAt} /> },
              ]}
            />
            <ApiErrorMessage error={refunds.error} />
            <IpnDeliveries merchantId={merchantId} mode={order.mode} orderId={order.id} />
          </>
        )}
      </QueryState>
    </>
  );
}
