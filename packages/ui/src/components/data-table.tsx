'use client';

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import type { ComponentType, KeyboardEvent, ReactNode } from 'react';
import { useMemo } from 'react';
import { cn } from '../lib/cn';

export type DataTableSort = { field: string; dir: 'asc' | 'desc' };

export type DataTableColumn<T> = {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The field the server sorts by when this column's header is pressed. */
  sortField?: string;
  numeric?: boolean;
  /** Shown beside the cell, outside the row link (a copy button). */
  aside?: (row: T) => ReactNode;
};

/** A link component (next/link in the apps); a plain `<a>` by default. */
export type LinkLike = ComponentType<{
  href: string;
  className?: string;
  children: ReactNode;
  'data-row-link'?: boolean;
}>;

const PlainLink: LinkLike = (props) => <a {...props} />;

export type DataTablePaging = {
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  pageSize?: number;
  pageSizes?: readonly number[];
  onPageSizeChange?: (size: number) => void;
};

/**
 * The portal's table (TanStack Table for the model; the server sorts and pages). On a phone
 * (below 768px) each row becomes a card; from 768px up it is a table that scrolls sideways in its
 * own box if it must, never the page. With `rowHref` every row is one link to its record: the
 * first column holds a real link (keyboard, middle-click, "open in new tab") stretched over the
 * whole row; ArrowUp/ArrowDown move between rows, Enter opens.
 *
 * @example
 * <DataTable caption="Orders" columns={cols} rows={orders} rowKey={(o) => o.id}
 *   rowHref={(o) => `/orders/${o.id}`} sort={sort} onSort={setSort} total={120} />
 */
export function DataTable<T>(props: {
  caption: string;
  columns: DataTableColumn<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  rowHref?: ((row: T) => string) | undefined;
  /** What to show instead of rows (loading, an error, nothing found). */
  state?: ReactNode;
  sort?: DataTableSort | undefined;
  onSort?: ((sort: DataTableSort) => void) | undefined;
  total?: number | undefined;
  /** The total is a lower bound: the server stopped counting there ("10,000+ results"). */
  totalCapped?: boolean | undefined;
  paging?: DataTablePaging | undefined;
  linkComponent?: LinkLike;
  className?: string;
}) {
  const { caption, columns, rows, rowKey, rowHref, state, sort, onSort, total, paging } = props;
  const Link = props.linkComponent ?? PlainLink;

  const columnDefs = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        header: column.header,
        enableSorting: Boolean(column.sortField),
        cell: (info) => column.cell(info.row.original),
      })),
    [columns],
  );
  const sorting: SortingState = useMemo(() => {
    const column = columns.find((c) => c.sortField && c.sortField === sort?.field);
    return column && sort ? [{ id: column.id, desc: sort.dir === 'desc' }] : [];
  }, [columns, sort]);
  const table = useReactTable<T>({
    data: rows ?? [],
    columns: columnDefs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => rowKey(row),
    manualSorting: true,
    state: { sorting },
  });
  const byId = new Map(columns.map((c) => [c.id, c]));

  function cellContent(column: DataTableColumn<T>, row: T, index: number, content: ReactNode) {
    const href = rowHref && index === 0 ? rowHref(row) : undefined;
    return (
      <span className={cn('inline-flex items-center gap-1', column.numeric && 'justify-end')}>
        {href ? (
          <Link
            href={href}
            data-row-link
            className="rounded-sm font-medium text-link underline-offset-4 after:absolute after:inset-0 after:content-[''] hover:underline focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring"
          >
            {content}
          </Link>
        ) : (
          content
        )}
        {column.aside ? column.aside(row) : null}
      </span>
    );
  }

  const modelRows = table.getRowModel().rows;
  const sortable = columns.filter((c) => c.sortField);

  return (
    <div
      data-slot="data-table"
      className={cn('my-2 mb-4 rounded-lg border border-border bg-surface', props.className)}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 px-3 pt-2.5">
        <p className="m-0 font-semibold">{caption}</p>
        {total !== undefined ? (
          <p className="m-0 text-sm text-muted-foreground" aria-live="polite">
            {total.toLocaleString()}
            {props.totalCapped ? '+' : ''}{' '}
            {total === 1 && !props.totalCapped ? 'result' : 'results'}
          </p>
        ) : null}
      </div>

      {/* Phone: a card per row. */}
      <div className="md:hidden">
        {sortable.length > 0 && onSort ? (
          <label className="flex flex-row items-center gap-2 px-3 pt-2 text-sm">
            Sort by
            <select
              value={sort ? `${sort.field}.${sort.dir}` : ''}
              onChange={(e) => {
                const [field, dir] = e.target.value.split('.');
                if (field && (dir === 'asc' || dir === 'desc')) onSort({ field, dir });
              }}
              className="rounded-md border border-input bg-surface px-2 py-1 text-foreground"
            >
              {sortable.flatMap((c) => [
                <option key={`${c.id}-desc`} value={`${c.sortField}.desc`}>
                  {c.header} (newest / highest first)
                </option>,
                <option key={`${c.id}-asc`} value={`${c.sortField}.asc`}>
                  {c.header} (oldest / lowest first)
                </option>,
              ])}
            </select>
          </label>
        ) : null}
        {state ? (
          <div className="p-3">{state}</div>
        ) : (
          <ul aria-label={caption} className="m-0 list-none p-0" onKeyDown={moveBetweenRows}>
            {modelRows.map((row) => {
              const [first, ...rest] = row.getVisibleCells();
              const firstColumn = first ? byId.get(first.column.id) : undefined;
              return (
                <li
                  key={row.id}
                  data-row
                  className="relative border-t border-border px-3 py-2.5 focus-within:bg-muted hover:bg-muted"
                >
                  {first && firstColumn ? (
                    <div className="mb-1.5 min-w-0 [overflow-wrap:anywhere]">
                      {cellContent(
                        firstColumn,
                        row.original,
                        0,
                        flexRender(first.column.columnDef.cell, first.getContext()),
                      )}
                    </div>
                  ) : null}
                  <dl className="m-0 grid grid-cols-[minmax(6rem,max-content)_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
                    {rest.map((cell) => {
                      const column = byId.get(cell.column.id);
                      if (!column) return null;
                      return (
                        <div key={cell.id} className="contents">
                          <dt className="text-muted-foreground">{column.header}</dt>
                          <dd className="m-0 min-w-0 [overflow-wrap:anywhere] [&_a]:relative [&_a]:z-10 [&_button]:relative [&_button]:z-10">
                            {cellContent(
                              column,
                              row.original,
                              1,
                              flexRender(cell.column.columnDef.cell, cell.getContext()),
                            )}
                          </dd>
                        </div>
                      );
                    })}
                  </dl>
                </li>
              );
            })}
          </ul>
        )}
      </div>

      {/* Tablet and desktop: a table. */}
      <div
        className="hidden overflow-x-auto focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring md:block"
        // Focusable, so a keyboard can scroll a table wider than the window (axe: scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take the focus
        tabIndex={0}
      >
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = byId.get(header.column.id);
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={
                        sorted === 'asc'
                          ? 'ascending'
                          : sorted === 'desc'
                            ? 'descending'
                            : undefined
                      }
                      className={cn(
                        'border-t border-border bg-muted px-3 py-2 text-left font-semibold whitespace-nowrap',
                        column?.numeric && 'text-right',
                      )}
                    >
                      {column?.sortField && onSort ? (
                        <button
                          type="button"
                          data-slot="sort"
                          onClick={() => {
                            const field = column.sortField ?? column.id;
                            const dir =
                              sort?.field === field && sort.dir === 'desc' ? 'asc' : 'desc';
                            onSort({ field, dir });
                          }}
                          className="inline-flex cursor-pointer items-center gap-1 rounded-sm font-semibold hover:underline focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring"
                        >
                          {column.header}
                          <span aria-hidden="true" className="text-muted-foreground">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody onKeyDown={moveBetweenRows}>
            {state ? (
              <tr>
                <td colSpan={columns.length} className="border-t border-border px-3 py-3">
                  {state}
                </td>
              </tr>
            ) : (
              modelRows.map((row) => (
                <tr
                  key={row.id}
                  data-row
                  className={cn(
                    'relative',
                    rowHref && 'cursor-pointer focus-within:bg-muted hover:bg-muted',
                  )}
                >
                  {row.getVisibleCells().map((cell, index) => {
                    const column = byId.get(cell.column.id);
                    if (!column) return null;
                    return (
                      <td
                        key={cell.id}
                        className={cn(
                          'border-t border-border px-3 py-2 align-middle',
                          // Links and buttons of other cells stay clickable above the row link.
                          index > 0 &&
                            '[&_a]:relative [&_a]:z-10 [&_button]:relative [&_button]:z-10',
                          column.numeric && 'text-right tabular-nums whitespace-nowrap',
                        )}
                      >
                        {cellContent(
                          column,
                          row.original,
                          index,
                          flexRender(cell.column.columnDef.cell, cell.getContext()),
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      {paging ? <Pager caption={caption} paging={paging} /> : null}
    </div>
  );
}

/** ArrowDown / ArrowUp from inside a row focus the next / previous row's link (or first control). */
function moveBetweenRows(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const target = event.target as HTMLElement;
  if (target.closest('select, input, textarea')) return;
  const row = target.closest('[data-row]');
  if (!row) return;
  const sibling = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
  const focusable =
    sibling?.querySelector<HTMLElement>('[data-row-link]') ??
    sibling?.querySelector<HTMLElement>('a[href], button:not([disabled])');
  if (focusable) {
    event.preventDefault();
    focusable.focus();
  }
}

function Pager({ caption, paging }: { caption: string; paging: DataTablePaging }) {
  const buttonClass =
    'inline-flex h-9 cursor-pointer items-center rounded-md border border-input bg-surface px-3 text-sm text-foreground hover:bg-muted focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring disabled:cursor-not-allowed disabled:opacity-55';
  return (
    <nav
      aria-label={`${caption} pages`}
      className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-3 py-2"
    >
      {paging.onPageSizeChange && paging.pageSize ? (
        <label className="flex flex-row items-center gap-2 text-sm">
          Rows per page
          <select
            value={paging.pageSize}
            onChange={(e) => paging.onPageSizeChange?.(Number(e.target.value))}
            className="rounded-md border border-input bg-surface px-2 py-1 text-foreground"
          >
            {(paging.pageSizes ?? [10, 25, 50, 100]).map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span />
      )}
      <span className="flex gap-2">
        <button
          type="button"
          data-slot="pager"
          onClick={paging.onPrevious}
          disabled={!paging.hasPrevious}
          className={buttonClass}
        >
          ← Previous
        </button>
        <button
          type="button"
          data-slot="pager"
          onClick={paging.onNext}
          disabled={!paging.hasNext}
          className={buttonClass}
        >
          Next →
        </button>
      </span>
    </nav>
  );
}
