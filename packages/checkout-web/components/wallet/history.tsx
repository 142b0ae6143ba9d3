'use client';

import { formatMoney } from '@ducat/web-kit';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/lib/api';
import { label, ORDER_STATUS_LABELS as ORDER_LABELS, POSTING_KIND_LABELS, when } from './labels';

/** Dates only after hydration: the server does not know the shopper's time zone. */
function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

/** Every ledger posting of the wallet, newest first, with the balance after each. */
export function BalanceHistory({ currency, mode }: { currency: string; mode: 'test' | 'live' }) {
  const trpc = useTRPC();
  const mounted = useMounted();
  const history = useInfiniteQuery(
    trpc.wallet.history.infiniteQueryOptions(
      { currency, mode, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-labelledby="history-title" aria-busy={history.isPending}>
      <h2 id="history-title">
        Balance history{' '}
        <span className="muted small">
          ({currency}
          {mode === 'test' ? ', test' : ''})
        </span>
      </h2>
      {history.isPending ? (
        <p className="skeleton-line">Loading…</p>
      ) : history.isError ? (
        <p role="alert">The history could not be loaded.</p>
      ) : rows.length === 0 ? (
        <p className="empty">No movements yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="list" data-testid="balance-history">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-kind={row.kind}>
                  <td>{mounted ? when(row.createdAt) : ''}</td>
                  <td>{label(POSTING_KIND_LABELS, row.kind)}</td>
                  <td className={`num ${row.amount < 0 ? 'debit' : 'credit'}`}>
                    {formatMoney(row.amount, currency)}
                  </td>
                  <td className="num">{formatMoney(row.balanceAfter, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => void history.fetchNextPage()}
          disabled={history.isFetchingNextPage}
        >
          {history.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      ) : null}
    </section>
  );
}

/** The orders the shopper paid or tried to pay, newest first, with their statuses. */
export function OrderHistory() {
  const trpc = useTRPC();
  const mounted = useMounted();
  const orders = useInfiniteQuery(
    trpc.wallet.orders.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = orders.data?.pages.flatMap((p) => p.orders) ?? [];
  return (
    <section className="card" aria-busy={orders.isPending}>
      {orders.isPending ? (
        <p className="skeleton-line">Loading…</p>
      ) : orders.isError ? (
        <p role="alert">Your orders could not be loaded.</p>
      ) : rows.length === 0 ? (
        <p className="empty">No orders yet. Orders you pay with Ducat appear here.</p>
      ) : (
        <div className="table-wrap">
          <table className="list" data-testid="order-history">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Shop</th>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((order) => (
                <tr key={order.id} data-status={order.status}>
                  <td>{mounted ? when(order.createdAt) : ''}</td>
                  <td>{order.merchantName}</td>
                  <td>
                    {order.description ?? order.id}
                    <span className="muted small block">{order.id}</span>
                  </td>
                  <td>
                    <span className={`status status-${order.status}`}>
                      {label(ORDER_LABELS, order.status)}
                    </span>
                  </td>
                  <td className="num">{formatMoney(order.amount, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {orders.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => void orders.fetchNextPage()}
          disabled={orders.isFetchingNextPage}
        >
          {orders.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      ) : null}
    </section>
  );
}
