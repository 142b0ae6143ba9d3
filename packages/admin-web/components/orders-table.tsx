'use client';

import { CopyButton, ShortId } from '@ducat/ui';
import Link from 'next/link';
import type { ApiOutputs } from '@/lib/api-types';
import { type Column, DataTable, type Sort } from './data-table';
import { DateTime } from './date-time';
import { Money } from './money';
import { StatusBadge } from './status-badge';

type Order = ApiOutputs['admin']['orders']['list']['items'][number];

/**
 * Orders as both areas list them: the order (short id, copyable), who paid (shopper email), the
 * merchant by name (platform only), amount, status in words, times in the viewer's zone. Each row
 * links to the order; `hrefOf` says where its detail lives.
 */
export function OrdersTable({
  query,
  sort,
  hrefOf,
  showMerchant,
  pageSize,
}: {
  query: {
    data: { items: Order[]; nextCursor: string | null; total: number } | undefined;
    isPending: boolean;
    error: unknown;
    refetch: () => unknown;
  };
  sort: Sort;
  hrefOf: (order: Order) => string;
  showMerchant: boolean;
  pageSize: number;
}) {
  const columns: Column<Order>[] = [
    {
      key: 'id',
      header: 'Order',
      render: (o) => <ShortId value={o.id} />,
      aside: (o) => <CopyButton value={o.id} label="Copy order id" />,
    },
    { key: 'reference', header: 'Reference', render: (o) => o.reference },
    ...(showMerchant
      ? [
          {
            key: 'merchant',
            header: 'Merchant',
            render: (o: Order) => (
              <Link href={`/admin/merchants/${o.merchantId}`}>{o.merchantName}</Link>
            ),
          },
        ]
      : []),
    {
      key: 'shopper',
      header: 'Shopper',
      render: (o) => o.shopperEmail ?? <span className="muted">—</span>,
    },
    {
      key: 'amount',
      header: 'Amount',
      sortField: 'amount',
      numeric: true,
      render: (o) => <Money amount={o.amount} currency={o.currency} />,
    },
    { key: 'status', header: 'Status', render: (o) => <StatusBadge status={o.status} /> },
    ...(showMerchant
      ? [
          {
            key: 'mode',
            header: 'Mode',
            render: (o: Order) => (o.mode === 'live' ? 'Live' : 'Test'),
          },
        ]
      : []),
    {
      key: 'created',
      header: 'Created',
      sortField: 'createdAt',
      render: (o) => <DateTime value={o.createdAt} />,
    },
    {
      key: 'updated',
      header: 'Updated',
      sortField: 'updatedAt',
      render: (o) => <DateTime value={o.updatedAt} />,
    },
  ];
  return (
    <DataTable<Order>
      caption="Orders"
      columns={columns}
      query={query}
      rowKey={(o) => o.id}
      rowHref={hrefOf}
      sort={sort}
      pageSize={pageSize}
      empty="No order matches these filters."
    />
  );
}
