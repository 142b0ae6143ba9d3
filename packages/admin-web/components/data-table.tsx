'use client';

import type { ReactNode } from 'react';
import { useUrlPager, useUrlState } from '@/lib/url-state';
import { ApiErrorMessage } from './api-error-message';

export type Column<T> = {
  key: string;
  header: string;
  /** The server sorts by this field when set (`sort=<field>.<asc|desc>` in the URL). */
  sortField?: string;
  render: (row: T) => ReactNode;
  numeric?: boolean;
};

export type Sort = { field: string; dir: 'asc' | 'desc' };

/** The sort kept in the URL, for procedures that take `sort: { field, dir }`. */
export function useUrlSort(fallback?: Sort): Sort | undefined {
  const { get } = useUrlState();
  const raw = get('sort');
  if (!raw) return fallback;
  const [field, dir] = raw.split('.');
  if (!field || (dir !== 'asc' && dir !== 'desc')) return fallback;
  return { field, dir };
}

/** What a table needs of a query that answers a page (`{ items, nextCursor }`). */
export type PageQuery<T> = {
  data?: { items: T[]; nextCursor?: string | null } | undefined;
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
};

/**
 * A server-paginated table: the server pages (cursor) and sorts; the page, sort and filters live
 * in the URL. Shows loading, error and empty states, and is usable by keyboard (sort headers and
 * pager are buttons; each row's first cell usually holds the link to its detail). Give it the
 * page query (`query`), or the rows and states of a query that answers a plain list.
 */
export function DataTable<T>(
  props: {
    caption: string;
    columns: Column<T>[];
    rowKey: (row: T) => string;
    empty?: ReactNode;
    sort?: Sort;
    /** Names this table's page in the URL when a page has several tables. */
    pager?: string;
  } & (
    | { query: PageQuery<T> }
    | {
        rows: T[] | undefined;
        isPending: boolean;
        error: unknown;
        refetch: () => unknown;
        nextCursor?: string | null;
      }
  ),
) {
  const { caption, columns, rowKey, empty = 'Nothing matches.', sort, pager: pagerName } = props;
  const { rows, isPending, error, refetch, nextCursor } =
    'query' in props
      ? {
          rows: props.query.data?.items,
          isPending: props.query.isPending,
          error: props.query.error,
          refetch: props.query.refetch,
          nextCursor: props.query.data?.nextCursor,
        }
      : props;
  const pager = useUrlPager(pagerName);
  const { set } = useUrlState();

  function toggleSort(field: string) {
    const dir = sort?.field === field && sort.dir === 'desc' ? 'asc' : 'desc';
    set({ sort: `${field}.${dir}` });
  }

  let body: ReactNode;
  if (isPending) {
    body = (
      <tr>
        <td colSpan={columns.length} role="status" aria-live="polite" className="muted">
          Loading…
        </td>
      </tr>
    );
  } else if (error || !rows) {
    body = (
      <tr>
        <td colSpan={columns.length}>
          <ApiErrorMessage error={error} />
          <button type="button" onClick={() => refetch()}>
            Try again
          </button>
        </td>
      </tr>
    );
  } else if (rows.length === 0) {
    body = (
      <tr>
        <td colSpan={columns.length} className="empty">
          {empty}
        </td>
      </tr>
    );
  } else {
    body = rows.map((row) => (
      <tr key={rowKey(row)}>
        {columns.map((column) => (
          <td key={column.key} className={column.numeric ? 'num' : undefined}>
            {column.render(row)}
          </td>
        ))}
      </tr>
    ));
  }

  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const sorted = column.sortField && sort?.field === column.sortField;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={
                    sorted ? (sort?.dir === 'asc' ? 'ascending' : 'descending') : undefined
                  }
                >
                  {column.sortField ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() => toggleSort(column.sortField ?? column.key)}
                    >
                      {column.header}
                      {sorted ? (sort?.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
      <nav className="pager" aria-label={`${caption} pages`}>
        <button type="button" onClick={pager.previous} disabled={!pager.hasPrevious}>
          ← Previous
        </button>
        <button
          type="button"
          onClick={() => nextCursor && pager.next(nextCursor)}
          disabled={!nextCursor}
        >
          Next →
        </button>
      </nav>
    </div>
  );
}

/** A small table of everything there is (an order's transfers, its timeline): no paging. */
export function StaticTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty = 'None.',
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty?: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
