'use client';

import { type DataTableColumn, DataTable as UiDataTable } from '@ducat/ui';
import Link from 'next/link';
import { type ReactNode, useMemo } from 'react';
import { useUrlPager, useUrlState } from '@/lib/url-state';
import { ApiErrorMessage } from './api-error-message';

export type Column<T> = {
  key: string;
  header: string;
  /** The server sorts by this field when set (`sort=<field>.<asc|desc>` in the URL). */
  sortField?: string;
  render: (row: T) => ReactNode;
  numeric?: boolean;
  /** Beside the cell, outside the row's link (a copy button). */
  aside?: (row: T) => ReactNode;
};

export type Sort = { field: string; dir: 'asc' | 'desc' };

export const PAGE_SIZES = [10, 25, 50, 100] as const;

/** The sort kept in the URL, for procedures that take `sort: { field, dir }`. */
export function useUrlSort(fallback?: Sort): Sort | undefined {
  const { get } = useUrlState();
  const raw = get('sort');
  if (!raw) return fallback;
  const [field, dir] = raw.split('.');
  if (!field || (dir !== 'asc' && dir !== 'desc')) return fallback;
  return { field, dir };
}

/** The page size kept in the URL (`limit`, or `<pager>limit`), one of `PAGE_SIZES`. */
export function useUrlPageSize(pager = '', fallback = 25): number {
  const { get } = useUrlState();
  const size = Number(get(`${pager}limit`));
  return (PAGE_SIZES as readonly number[]).includes(size) ? size : fallback;
}

/** What a table needs of a query that answers a page (`{ items, nextCursor }`). */
export type PageQuery<T> = {
  data?:
    | { items: T[]; nextCursor?: string | null; total?: number; totalCapped?: boolean }
    | undefined;
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
};

function toUiColumns<T>(columns: Column<T>[]): DataTableColumn<T>[] {
  return columns.map((c) => ({
    id: c.key,
    header: c.header,
    cell: c.render,
    ...(c.sortField ? { sortField: c.sortField } : {}),
    ...(c.numeric ? { numeric: true } : {}),
    ...(c.aside ? { aside: c.aside } : {}),
  }));
}

function stateOf(options: {
  isPending: boolean;
  error: unknown;
  rows: unknown[] | undefined;
  refetch: () => unknown;
  empty: ReactNode;
}): ReactNode {
  if (options.isPending) {
    return (
      <p role="status" aria-live="polite" className="muted m-0">
        Loading…
      </p>
    );
  }
  if (options.error || !options.rows) {
    return (
      <>
        <ApiErrorMessage error={options.error} />
        <button type="button" onClick={() => options.refetch()}>
          Try again
        </button>
      </>
    );
  }
  if (options.rows.length === 0) return <p className="empty m-0 p-0">{options.empty}</p>;
  return undefined;
}

/**
 * A server-paginated table (the presentational part is `@ducat/ui`'s DataTable on TanStack
 * Table): the server pages (cursor) and sorts; page, page size, sort and filters live in the URL.
 * Shows loading, error and empty states; `rowHref` makes each row a link to its record. Give it
 * the page query (`query`), or the rows and states of a query that answers a plain list.
 */
export function DataTable<T>(
  props: {
    caption: string;
    columns: Column<T>[];
    rowKey: (row: T) => string;
    rowHref?: (row: T) => string;
    empty?: ReactNode;
    sort?: Sort;
    /** Names this table's page in the URL when a page has several tables. */
    pager?: string;
    /** Offer a page-size choice (the list's query reads it with `useUrlPageSize`). */
    pageSize?: number;
  } & (
    | { query: PageQuery<T> }
    | {
        rows: T[] | undefined;
        isPending: boolean;
        error: unknown;
        refetch: () => unknown;
        nextCursor?: string | null;
        total?: number;
        totalCapped?: boolean;
      }
  ),
) {
  const { caption, columns, rowKey, empty = 'Nothing matches.', sort, pager: pagerName } = props;
  const { rows, isPending, error, refetch, nextCursor, total, totalCapped } =
    'query' in props
      ? {
          rows: props.query.data?.items,
          isPending: props.query.isPending,
          error: props.query.error,
          refetch: props.query.refetch,
          nextCursor: props.query.data?.nextCursor,
          total: props.query.data?.total,
          totalCapped: props.query.data?.totalCapped,
        }
      : props;
  const pager = useUrlPager(pagerName);
  const { set } = useUrlState();
  const uiColumns = useMemo(() => toUiColumns(columns), [columns]);
  return (
    <UiDataTable<T>
      caption={caption}
      columns={uiColumns}
      rows={rows}
      rowKey={rowKey}
      rowHref={props.rowHref}
      linkComponent={Link}
      state={stateOf({ isPending, error, rows, refetch, empty })}
      sort={sort}
      onSort={(next) => set({ sort: `${next.field}.${next.dir}` })}
      total={total}
      totalCapped={totalCapped}
      paging={{
        hasPrevious: pager.hasPrevious,
        hasNext: Boolean(nextCursor),
        onPrevious: pager.previous,
        onNext: () => nextCursor && pager.next(nextCursor),
        ...(props.pageSize
          ? {
              pageSize: props.pageSize,
              pageSizes: PAGE_SIZES,
              onPageSizeChange: (size: number) =>
                set({ [`${pagerName ?? ''}limit`]: String(size) }),
            }
          : {}),
      }}
    />
  );
}

/** A small table of everything there is (an order's transfers, its timeline): no paging. */
export function StaticTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowHref,
  empty = 'None.',
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowHref?: (row: T) => string;
  empty?: ReactNode;
}) {
  const uiColumns = useMemo(() => toUiColumns(columns), [columns]);
  return (
    <UiDataTable<T>
      caption={caption}
      columns={uiColumns}
      rows={rows}
      rowKey={rowKey}
      rowHref={rowHref}
      linkComponent={Link}
      state={rows.length === 0 ? <p className="empty m-0 p-0">{empty}</p> : undefined}
    />
  );
}
