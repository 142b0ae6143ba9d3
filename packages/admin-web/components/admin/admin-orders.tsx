'use client';

import { useQuery } from '@tanstack/react-query';
import { useUrlPageSize } from '@/components/data-table';
import { ExportCsvLink } from '@/components/export-csv-link';
import { OrderFilters } from '@/components/order-filters';
import { OrdersTable } from '@/components/orders-table';
import { orderSort, useOrderFilters } from '@/lib/order-filters';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager } from '@/lib/url-state';

/** Every merchant's orders: search by id, merchant, reference, status, period, amount. */
export function AdminOrders() {
  const trpc = useTRPC();
  const { cursor } = useUrlPager();
  const pageSize = useUrlPageSize();
  const { sort, ...filters } = useOrderFilters();
  const apiSort = orderSort(sort) ?? { field: 'createdAt' as const, dir: 'desc' as const };
  const query = useQuery(
    trpc.admin.orders.list.queryOptions({ ...filters, sort: apiSort, cursor, limit: pageSize }),
  );
  return (
    <>
      <OrderFilters platform />
      <div className="toolbar justify-end">
        <ExportCsvLink filter={filters} />
      </div>
      <OrdersTable
        query={query}
        sort={apiSort}
        pageSize={pageSize}
        showMerchant
        hrefOf={(o) => `/admin/orders/${o.id}`}
      />
    </>
  );
}
