'use client';

import { useQuery } from '@tanstack/react-query';
import { useUrlPageSize } from '@/components/data-table';
import { ExportCsvLink } from '@/components/export-csv-link';
import { OrderFilters } from '@/components/order-filters';
import { OrdersTable } from '@/components/orders-table';
import { useMode } from '@/lib/mode';
import { orderSort, useOrderFilters } from '@/lib/order-filters';
import { useOwnMerchantId } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager } from '@/lib/url-state';

/** The merchant's orders in the switched mode. */
export function MerchantOrders() {
  const trpc = useTRPC();
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  const { cursor } = useUrlPager();
  const pageSize = useUrlPageSize();
  const { sort, orderId, reference, status, from, to } = useOrderFilters();
  const apiSort = orderSort(sort) ?? { field: 'createdAt' as const, dir: 'desc' as const };
  const query = useQuery(
    trpc.merchant.orders.list.queryOptions({
      merchantId,
      mode,
      orderId,
      reference,
      status,
      from,
      to,
      sort: apiSort,
      cursor,
      limit: pageSize,
    }),
  );
  return (
    <>
      <OrderFilters platform={false} />
      <div className="toolbar justify-end">
        <ExportCsvLink filter={{ merchantId, mode, orderId, reference, status, from, to }} />
      </div>
      <OrdersTable
        query={query}
        sort={apiSort}
        pageSize={pageSize}
        showMerchant={false}
        hrefOf={(o) => `/merchant/orders/${o.id}`}
      />
    </>
  );
}
