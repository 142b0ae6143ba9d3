'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/**
 * Filters, sort and page cursor kept in the URL's search params, so a view can be reloaded,
 * shared and navigated with Back. Setting any filter goes back to the first page.
 */
export function useUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const get = useCallback((name: string) => params.get(name) ?? undefined, [params]);

  const set = useCallback(
    (patch: Record<string, string | undefined>, options?: { keepPage?: boolean }) => {
      const next = new URLSearchParams(params.toString());
      if (!options?.keepPage) {
        for (const key of [...next.keys()]) {
          if (key.endsWith('cursor') || key.endsWith('back')) next.delete(key);
        }
      }
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, router, pathname],
  );

  return { get, set, params };
}

/**
 * Cursor paging in the URL: `cursor` is the current page, `back` the cursors of earlier pages.
 * `name` prefixes both, for pages with more than one paged table.
 */
export function useUrlPager(name = '') {
  const { get, set } = useUrlState();
  const cursorKey = `${name}cursor`;
  const backKey = `${name}back`;
  const cursor = get(cursorKey);
  const raw = get(backKey);
  const back = raw ? raw.split('~') : [];
  return {
    cursor,
    hasPrevious: back.length > 0,
    next(nextCursor: string) {
      // "_" stands for the first page, which has no cursor.
      set(
        { [cursorKey]: nextCursor, [backKey]: [...back, cursor ?? '_'].join('~') },
        { keepPage: true },
      );
    },
    previous() {
      const rest = back.slice(0, -1);
      const previous = back.at(-1);
      set(
        {
          [cursorKey]: previous === '_' ? undefined : previous,
          [backKey]: rest.length > 0 ? rest.join('~') : undefined,
        },
        { keepPage: true },
      );
    },
  };
}
