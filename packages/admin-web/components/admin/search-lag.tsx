'use client';

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@ducat/ui';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

function ms(value: number | null): string {
  if (value === null) return '—';
  return value < 1_000 ? `${value} ms` : `${(value / 1_000).toFixed(1)} s`;
}

/** The search index's lag (event committed -> indexed) and the relay's backlog, every 5 s. */
export function SearchLag() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.search.lag.queryOptions(), refetchInterval: 5_000 });
  const lag = query.data;
  const figures = [
    ['p50', ms(lag?.p50Ms ?? null)],
    ['p99', ms(lag?.p99Ms ?? null)],
    ['max', ms(lag?.maxMs ?? null)],
    ['writes (15 min)', String(lag?.samples ?? 0)],
    ['events waiting', String(lag?.pendingEvents ?? 0)],
    ['oldest waiting', ms(lag?.oldestPendingMs ?? null)],
  ] as const;
  return (
    <Card className="mb-6" data-testid="search-lag">
      <CardHeader>
        <CardTitle>Search index lag</CardTitle>
        <CardDescription>
          From an event's commit to its record being searchable, over the index's last writes (at
          most 1,000 in the last 15 minutes).
        </CardDescription>
      </CardHeader>
      <CardContent>
        {query.isError ? (
          <p role="alert">Could not read the lag: {query.error.message}</p>
        ) : (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
            {figures.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="m-0 text-lg font-semibold tabular-nums">
                  {query.isPending ? '…' : value}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </CardContent>
    </Card>
  );
}
