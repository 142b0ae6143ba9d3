'use client';

import Link from 'next/link';
import type { ApiOutputs } from '@/lib/api-types';
import { type Column, DataTable, type Sort } from './data-table';
import { DateTime } from './date-time';
import { Money } from './money';
import { StatusBadge } from './status-badge';

type Order = ApiOutputs['admin']['orders']['list']['items'][number];

/** Orders as both areas list them; `hrefOf` says where a row's detail lives. */
export function OrdersTable({
  query,
  sort,
  hrefOf,
  showMerchant,
}: {
  query: {
    data: { items: Order[]; nextCursor: string | null } | undefined;
    isPending: boolean;
    error: unknown;
    refetch: () => unknown;
  };
  sort: Sort;
  hrefOf: (order: Order) => string;
  showMerchant: boolean;
}) {
  const columns: Column<Order>[] = [
    {
      key: 'id',
      header: 'Order',
      render: (o) => (
        <Link href={hrefOf(o)}>
          <code>{o.id}</code>
        </Link>
      ),
    },
    { key: 'reference', header: 'Reference', render: (o) => o.reference },
    ...(showMerchant
      ? [{ key: 'merchant', header: 'Merchant', render: (o: Order) => <code>{o.merchantId}</code> }]
      : []),
    {
      key: 'amount',
      header: 'Amount',
      sortField: 'amount',
      numeric: true,
      render: (o) => <Money amount={o.amount} currency={o.currency} />,
    },
    { key: 'status', header: 'Status', render: (o) => <StatusBadge status={o.status} /> },
    { key: 'mode', header: 'Mode', render: (o) => o.mode },
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
      sort={sort}
      empty="No order matches these filters."
    />
  );
}
