'use client';

import { useQuery } from '@tanstack/react-query';
import { OrderFilters } from '@/components/order-filters';
import { OrdersTable } from '@/components/orders-table';
import { orderSort, useOrderFilters } from '@/lib/order-filters';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager } from '@/lib/url-state';

/** Every merchant's orders: search by id, merchant, reference, status, period, amount. */
export function AdminOrders() {
  const trpc = useTRPC();
  const { cursor } = useUrlPager();
  const { sort, ...filters } = useOrderFilters();
  const apiSort = orderSort(sort) ?? { field: 'createdAt' as const, dir: 'desc' as const };
  const query = useQuery(
    trpc.admin.orders.list.queryOptions({ ...filters, sort: apiSort, cursor, limit: 25 }),
  );
  return (
    <>
      <OrderFilters platform />
      <OrdersTable
        query={query}
        sort={apiSort}
        showMerchant
        hrefOf={(o) => `/admin/orders/${o.id}`}
      />
    </>
  );
}
