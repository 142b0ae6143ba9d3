'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** True in the browser after hydration; false while rendering on the server. */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** `2026-12-03 14:05:09 UTC` */
export function formatUtc(value: string | Date): string {
  return `${new Date(value).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/**
 * A moment in time, shown in the viewer's own time zone and locale ("3 Dec 2026, 15:05"), with
 * the UTC time on hover (title) and for screen readers, and machine-readable in `dateTime`. The
 * server render (which does not know the viewer's zone) shows the UTC time until hydration.
 *
 * @example
 * <DateTime value={order.createdAt} />
 */
export function DateTime({
  value,
  dateOnly = false,
}: {
  value: string | null | undefined;
  dateOnly?: boolean;
}) {
  const inBrowser = useInBrowser();
  if (!value) return <span className="text-muted-foreground">—</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  const utc = formatUtc(date);
  const local = inBrowser
    ? new Intl.DateTimeFormat(undefined, {
        dateStyle: 'medium',
        ...(dateOnly ? {} : { timeStyle: 'short' }),
      }).format(date)
    : utc;
  return (
    <time dateTime={date.toISOString()} title={utc} className="whitespace-nowrap">
      {local}
      {inBrowser ? <span className="sr-only"> ({utc})</span> : null}
    </time>
  );
}
