'use client';

import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/lib/api';
import {
  label,
  ORDER_STATUS_LABELS as ORDER_LABELS,
  orderLabelCode,
  POSTING_KIND_LABELS,
  when,
} from './labels';

type BadgeTone = 'neutral' | 'success' | 'warning' | 'error' | 'info';

/** How an order's status reads at a glance. */
function statusTone(status: string): BadgeTone {
  if (status === 'checkout_success') return 'success';
  if (status === 'error_checkout' || status === 'reject_risk_service' || status === 'timeout') {
    return 'error';
  }
  if (status === 'exception_checkout' || status === 'created') return 'warning';
  return 'neutral';
}

function Loading() {
  return (
    <div className="grid gap-2">
      <Skeleton className="h-6 w-full" />
      <Skeleton className="h-6 w-full" />
      <Skeleton className="h-6 w-2/3" />
    </div>
  );
}

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
    <Card aria-labelledby="history-title" aria-busy={history.isPending}>
      <CardHeader>
        <CardTitle id="history-title">
          Balance history{' '}
          <span className="text-sm font-normal text-muted-foreground">
            ({currency}
            {mode === 'test' ? ', test money' : ''})
          </span>
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        {history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <p role="alert">The history could not be loaded. Reload the page to try again.</p>
        ) : rows.length === 0 ? (
          <p className="text-muted-foreground">No movements yet.</p>
        ) : (
          <Table data-testid="balance-history">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Date</TableHead>
                <TableHead scope="col">What</TableHead>
                <TableHead scope="col" className="text-right">
                  Amount
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Balance
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id} data-kind={row.kind}>
                  <TableCell className="whitespace-nowrap">
                    {mounted ? when(row.createdAt) : ''}
                  </TableCell>
                  <TableCell>{label(POSTING_KIND_LABELS, row.kind)}</TableCell>
                  <TableCell
                    className={`text-right whitespace-nowrap tabular-nums ${
                      row.amount < 0 ? 'text-destructive-text' : 'text-success-foreground'
                    }`}
                  >
                    {formatMoney(row.amount, currency)}
                  </TableCell>
                  <TableCell className="text-right whitespace-nowrap tabular-nums">
                    {formatMoney(row.balanceAfter, currency)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {history.hasNextPage ? (
          <Button
            type="button"
            variant="outline"
            className="justify-self-start"
            onClick={() => void history.fetchNextPage()}
            disabled={history.isFetchingNextPage}
          >
            {history.isFetchingNextPage ? 'Loading…' : 'Show older'}
          </Button>
        ) : null}
      </CardContent>
    </Card>
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
    <Card aria-label="Your orders" aria-busy={orders.isPending}>
      <CardContent className="grid gap-3">
        {orders.isPending ? (
          <Loading />
        ) : orders.isError ? (
          <p role="alert">Your orders could not be loaded. Reload the page to try again.</p>
        ) : rows.length === 0 ? (
          <p className="text-muted-foreground">
            No orders yet. Orders you pay with Ducat appear here.
          </p>
        ) : (
          <Table data-testid="order-history">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Date</TableHead>
                <TableHead scope="col">Shop</TableHead>
                <TableHead scope="col">What</TableHead>
                <TableHead scope="col">Status</TableHead>
                <TableHead scope="col" className="text-right">
                  Amount
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((order) => (
                <TableRow key={order.id} data-status={order.status} data-order-id={order.id}>
                  <TableCell className="whitespace-nowrap">
                    {mounted ? when(order.createdAt) : ''}
                  </TableCell>
                  <TableCell>{order.merchantName}</TableCell>
                  <TableCell>{order.description ?? 'Order'}</TableCell>
                  <TableCell>
                    <Badge tone={statusTone(order.status)}>
                      {label(ORDER_LABELS, orderLabelCode(order))}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-right whitespace-nowrap tabular-nums">
                    {formatMoney(order.amount, order.currency)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {orders.hasNextPage ? (
          <Button
            type="button"
            variant="outline"
            className="justify-self-start"
            onClick={() => void orders.fetchNextPage()}
            disabled={orders.isFetchingNextPage}
          >
            {orders.isFetchingNextPage ? 'Loading…' : 'Show older'}
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
