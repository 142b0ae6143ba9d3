'use client';

import { Card, CardContent, CardHeader, CardTitle, PageHeader, PageTitle } from '@ducat/ui';
import { parseMoney, toDecimalText } from '@ducat/web-kit';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { StaticTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { resentToast } from '@/components/ipn-deliveries';
import { Money } from '@/components/money';
import { OrderFacts } from '@/components/order-facts';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useOwnMerchantId, useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

type Order = ApiOutputs['merchant']['orders']['get'];
type Detail = ApiOutputs['merchant']['orders']['detail'];
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
      meta: success((r: { status: string }) => `Refund ${r.status}`),
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

/** How the shopper paid, in words. */
function methodText(method: Detail['method']): string {
  if (!method) return 'Not paid';
  if (method.kind === 'wallet') return 'Ducat wallet';
  if (method.kind === 'card') {
    const brand = method.brand.charAt(0).toUpperCase() + method.brand.slice(1);
    return `${brand} •••• ${method.last4} (${method.provider})`;
  }
  return `Provider: ${method.provider}`;
}

/** The order's money: what the shopper paid, the platform's fee, refunds and what is left. */
function MoneyCard({ money }: { money: Detail['money'] }) {
  return (
    <Card aria-labelledby="money-heading">
      <CardHeader>
        <CardTitle id="money-heading">Money</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="facts border-0 p-0">
          <dt>Gross</dt>
          <dd className="num">
            <Money amount={money.gross} currency={money.currency} />
          </dd>
          <dt>Fee</dt>
          <dd className="num">
            <Money amount={-money.fee} currency={money.currency} />
          </dd>
          <dt>Refunded</dt>
          <dd className="num">
            <Money amount={-money.refunded} currency={money.currency} />
          </dd>
          <dt className="font-semibold text-foreground">Net</dt>
          <dd className="num font-semibold">
            <Money amount={money.net} currency={money.currency} />
          </dd>
        </dl>
      </CardContent>
    </Card>
  );
}

function PaymentCard({ detail }: { detail: Detail }) {
  return (
    <Card aria-labelledby="payment-heading">
      <CardHeader>
        <CardTitle id="payment-heading">Payment</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="facts border-0 p-0">
          <dt>Payer</dt>
          <dd className="break-all">{detail.payer?.email ?? 'No shopper yet'}</dd>
          <dt>Method</dt>
          <dd>{methodText(detail.method)}</dd>
          <dt>Mode</dt>
          <dd>{detail.order.mode === 'live' ? 'Live' : 'Test'}</dd>
          <dt>Paid</dt>
          <dd>{detail.method ? <DateTime value={detail.order.finalAt} /> : '—'}</dd>
        </dl>
      </CardContent>
    </Card>
  );
}

function Timeline({ events }: { events: Detail['timeline'] }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {events.length === 0 ? (
        <p className="empty">No event kept for this order (older ones leave the outbox).</p>
      ) : (
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.seq}>
              <code>{e.type}</code> · <DateTime value={e.occurredAt} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function OrderIpns({ detail, merchantId }: { detail: Detail; merchantId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resend = useMutation(
    trpc.merchant.ipn.resend.mutationOptions({
      meta: resentToast,
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({
            queryKey: trpc.merchant.orders.detail.queryKey({
              merchantId,
              orderId: detail.order.id,
            }),
          }),
          queryClient.invalidateQueries({ queryKey: trpc.merchant.ipn.pathKey() }),
        ]),
    }),
  );
  return (
    <section aria-labelledby="order-ipn-heading">
      <h2 id="order-ipn-heading">IPN deliveries</h2>
      <ApiErrorMessage error={resend.error} />
      <StaticTable
        caption="IPNs about this order, with every attempt"
        rows={detail.ipnDeliveries}
        rowKey={(d) => d.id}
        empty="No IPN about this order yet."
        columns={[
          { key: 'type', header: 'Event', render: (d) => <code>{d.type}</code> },
          {
            key: 'url',
            header: 'Endpoint',
            render: (d) => <span className="break-all">{d.url}</span>,
          },
          { key: 'status', header: 'Status', render: (d) => <StatusBadge status={d.status} /> },
          {
            key: 'attempts',
            header: 'Attempts',
            render: (d) =>
              d.attemptLog.length === 0 ? (
                'None yet'
              ) : (
                <ul className="attempts" aria-label={`Attempts of ${d.id}`}>
                  {d.attemptLog.map((a) => (
                    <li key={a.id}>
                      <DateTime value={a.attemptedAt} /> · {a.trigger} ·{' '}
                      {a.statusCode ? `HTTP ${a.statusCode}` : (a.error ?? 'no answer')}
                    </li>
                  ))}
                </ul>
              ),
          },
          {
            key: 'actions',
            header: 'Actions',
            render: (d) => (
              <button
                type="button"
                disabled={resend.isPending}
                aria-label={`Resend ${d.type} to ${d.url}`}
                onClick={() => resend.mutate({ merchantId, deliveryId: d.id })}
              >
                {resend.isPending && resend.variables?.deliveryId === d.id
                  ? 'Resending…'
                  : 'Resend'}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}

/**
 * One of the merchant's orders (another merchant's answers "not found"): payer, method, money,
 * refunds, timeline and IPN deliveries, from `merchant.orders.detail`.
 */
export function MerchantOrderDetail({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const me = useStaff();
  const merchantId = useOwnMerchantId();
  const query = useQuery(trpc.merchant.orders.detail.queryOptions({ merchantId, orderId }));
  return (
    <>
      <p>
        <Link href="/merchant/orders">← Orders</Link>
      </p>
      <QueryState query={query}>
        {(detail) => {
          const order = detail.order;
          return (
            <>
              <PageHeader>
                <PageTitle>
                  Order {order.reference} <StatusBadge status={order.status} />
                </PageTitle>
              </PageHeader>
              <div className="cards">
                <PaymentCard detail={detail} />
                <MoneyCard money={detail.money} />
              </div>
              {can(me.role, 'refunds.create') && REFUNDABLE.includes(order.status) ? (
                <RefundForm order={order} />
              ) : null}
              <section aria-labelledby="refunds-heading">
                <h2 id="refunds-heading">Refunds</h2>
                <StaticTable
                  caption="Refunds of this order"
                  rows={detail.refunds}
                  rowKey={(r) => r.id}
                  empty="No refund."
                  columns={[
                    {
                      key: 'id',
                      header: 'Refund',
                      render: (r) => <code id={`refund-${r.id}`}>{r.id}</code>,
                    },
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
                    {
                      key: 'at',
                      header: 'Created',
                      render: (r) => <DateTime value={r.createdAt} />,
                    },
                  ]}
                />
              </section>
              <Timeline events={detail.timeline} />
              <OrderIpns detail={detail} merchantId={merchantId} />
              <h2>Details</h2>
              <OrderFacts order={order} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}
