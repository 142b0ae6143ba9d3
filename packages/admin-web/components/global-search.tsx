'use client';

import {
  Badge,
  Button,
  CommandDialog,
  CommandEmpty,
  CommandGroup,
  CommandInput,
  CommandItem,
  CommandList,
  CommandLoading,
} from '@ducat/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { StaffMember } from '@/lib/api-types';
import { useMode } from '@/lib/mode';
import { isPlatformRole } from '@/lib/roles';
import { useTRPC } from '@/lib/trpc';

type Hit = {
  kind: 'merchant' | 'order' | 'campaign';
  id: string;
  merchantId: string;
  title: string;
  body: string;
  status: string | null;
};

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * Where each result leads. Campaign pages come with campaigns (issue #22 part A); until then a
 * campaign opens its merchant (admin) or the merchant area's home.
 */
function hrefOf(platform: boolean, hit: Hit): string {
  if (hit.kind === 'order')
    return platform ? `/admin/orders/${hit.id}` : `/merchant/orders/${hit.id}`;
  if (hit.kind === 'merchant') return platform ? `/admin/merchants/${hit.id}` : '/merchant';
  return platform ? `/admin/merchants/${hit.merchantId}` : '/merchant';
}

const GROUPS = [
  { kind: 'order', heading: 'Orders' },
  { kind: 'merchant', heading: 'Merchants' },
  { kind: 'campaign', heading: 'Campaigns' },
] as const;

/**
 * The portal's global search (Ctrl/⌘-K, or the header's button): asks `search.query` as the
 * user types (debounced), results grouped by kind; arrows and Enter open a record.
 */
export function GlobalSearch({ me }: { me: StaffMember }) {
  const trpc = useTRPC();
  const router = useRouter();
  const mode = useMode();
  const platform = isPlatformRole(me.role);
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 200);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((was) => !was);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const scope = platform ? {} : { merchantId: me.merchantId ?? '', mode };
  const query = useQuery({
    ...trpc.search.query.queryOptions({ q: term, limit: 20, ...scope }),
    enabled: open && term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  const hits = (term.length > 0 ? (query.data?.hits ?? []) : []) as Hit[];
  const shoppers = term.length > 0 ? (query.data?.shoppers ?? []) : [];

  function go(href: string) {
    setOpen(false);
    setQ('');
    router.push(href);
  }

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        data-testid="global-search"
        className="gap-2"
      >
        <span>
          Search<span className="sr-only"> the portal</span>
        </span>
        <kbd className="hidden rounded border border-border px-1 text-xs text-muted-foreground sm:inline">
          Ctrl K
        </kbd>
      </Button>
      <CommandDialog
        open={open}
        onOpenChange={setOpen}
        title="Search"
        description={
          platform
            ? 'Search orders, merchants, campaigns and shoppers by id, reference, email or words.'
            : `Search your ${mode} orders, campaigns and shoppers by id, reference, email or words.`
        }
        commandProps={{ shouldFilter: false, loop: true, label: 'Search' }}
      >
        <CommandInput
          value={q}
          onValueChange={setQ}
          placeholder={platform ? 'Order, reference, merchant, email…' : 'Order, reference, email…'}
          aria-label="Search"
        />
        {term.length === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-muted-foreground">
            Type an order id, a reference, an email or words of a description.
          </p>
        ) : null}
        {term.length > 0 && query.isError ? (
          <p role="alert" className="px-3 py-6 text-center text-sm text-foreground">
            Search failed: {query.error.message}
          </p>
        ) : null}
        <CommandList>
          {query.isFetching && hits.length === 0 ? (
            <CommandLoading>Searching…</CommandLoading>
          ) : null}
          {term.length > 0 && query.isSuccess && !query.isFetching ? (
            <CommandEmpty>Nothing found for “{term}”.</CommandEmpty>
          ) : null}
          {GROUPS.map((group) => {
            const items = hits.filter((h) => h.kind === group.kind);
            if (items.length === 0) return null;
            return (
              <CommandGroup key={group.kind} heading={group.heading}>
                {items.map((hit) => (
                  <CommandItem
                    key={`${hit.kind}:${hit.id}`}
                    value={`${hit.kind}:${hit.id}`}
                    onSelect={() => go(hrefOf(platform, hit))}
                  >
                    <span className="flex items-center gap-2 font-medium">
                      <span className="truncate">{hit.title}</span>
                      {hit.status ? <Badge>{hit.status}</Badge> : null}
                    </span>
                    <span className="truncate text-xs text-muted-foreground">
                      {hit.id} · {hit.body}
                    </span>
                  </CommandItem>
                ))}
              </CommandGroup>
            );
          })}
          {shoppers.length > 0 ? (
            <CommandGroup heading="Shoppers">
              {shoppers.map((s) => (
                <CommandItem
                  key={`shopper:${s.shopperId}`}
                  value={`shopper:${s.shopperId}`}
                  onSelect={() =>
                    go(
                      platform
                        ? `/admin/shoppers/${s.shopperId}`
                        : `/merchant/orders/${s.latestOrderId}`,
                    )
                  }
                >
                  <span className="truncate font-medium">{s.email}</span>
                  <span className="truncate text-xs text-muted-foreground">
                    {platform ? s.shopperId : `latest order ${s.latestOrderId}`}
                  </span>
                </CommandItem>
              ))}
            </CommandGroup>
          ) : null}
        </CommandList>
      </CommandDialog>
    </>
  );
}
