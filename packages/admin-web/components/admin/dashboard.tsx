'use client';

import { Alert, AlertTitle } from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { z } from 'zod';
import { StaticTable } from '@/components/data-table';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiOutputs } from '@/lib/api-types';
import { dayFromToday, ZDay } from '@/lib/params';
import { useTRPC } from '@/lib/trpc';
import { useUrlState } from '@/lib/url-state';

// The charts' colours are the design tokens, so they follow light and dark with the page.
const TOOLTIP = {
  contentStyle: { background: 'var(--surface)', borderColor: 'var(--border)' },
  labelStyle: { color: 'var(--foreground)' },
} as const;

type Overview = ApiOutputs['admin']['dashboard']['overview'];
type Day = Overview['current'][number];
/** One day of the period with the matching day of the previous period (`prev…`). */
type Row = Day & {
  prevDay: string | undefined;
  prevVolume: number;
  prevSucceeded: number;
  prevFailed: number;
  prevSuccessRate: number | null;
};

const percent = (rate: number | null) =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toString()}%`;

function ChartCard({
  title,
  summary,
  children,
}: {
  title: string;
  /** The chart in words, for who cannot see it (the table below has every figure). */
  summary: string;
  children: React.ReactElement;
}) {
  return (
    <figure className="card chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="sr-only"> {summary}</span>
      </figcaption>
      <div style={{ width: '100%', height: 240 }} aria-hidden="true">
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

function sum(days: Day[]) {
  return days.reduce(
    (t, r) => ({
      volume: t.volume + r.volume,
      succeeded: t.succeeded + r.succeeded,
      failed: t.failed + r.failed,
      newMerchants: t.newMerchants + r.newMerchants,
      newShoppers: t.newShoppers + r.newShoppers,
    }),
    { volume: 0, succeeded: 0, failed: 0, newMerchants: 0, newShoppers: 0 },
  );
}

/** "+12% on the previous period", or nothing to compare with. */
function change(now: number, before: number): string {
  if (before === 0)
    return now === 0 ? 'same as the previous period' : 'none in the previous period';
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct >= 0 ? '+' : ''}${pct}% on the previous period`;
}

/** What to do when the mode shown has no payment in the period. */
function NoPayments({ overview }: { overview: Overview }) {
  const other = overview.mode === 'live' ? 'test' : 'live';
  const params = new URLSearchParams({ from: overview.from, to: overview.to, mode: other });
  return (
    <Alert className="[&_a]:underline">
      <AlertTitle>
        {overview.mode === 'live' ? 'No live payments yet' : 'No test payments yet'} in this period
      </AlertTitle>
      {overview.mode === 'live' ? (
        <p>
          Live payments start once a merchant is approved and creates live keys:{' '}
          <Link href="/admin/merchants?status=pending">review pending merchants</Link>.
        </p>
      ) : (
        <p>
          Test payments come from a merchant&apos;s test keys (the sandbox provider pays them):{' '}
          <Link href="/admin/merchants">open a merchant</Link> to see its keys.
        </p>
      )}
      {overview.hasPayments[other] ? (
        <p>
          {other === 'live' ? 'Live' : 'Test'} mode has payments in this period:{' '}
          <Link href={`/admin/dashboard?${params}`}>show {other} mode</Link>.
        </p>
      ) : null}
    </Alert>
  );
}

/**
 * Per-day figures from the aggregates the server keeps from the event stream (metrics_daily):
 * volume, successful and failed payments, success rate, new merchants and shoppers, each beside
 * the previous period of the same length. Without a mode or currency in the URL it opens on what
 * the server says has data; the currency is chosen from the platform's enabled list.
 */
export function Dashboard() {
  const trpc = useTRPC();
  const { get } = useUrlState();
  const from = ZDay.catch(dayFromToday(-29)).parse(get('from'));
  const to = ZDay.catch(dayFromToday(0)).parse(get('to'));
  const currency = z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .catch(undefined)
    .parse(get('currency')?.toUpperCase());
  const mode = z.enum(['test', 'live']).optional().catch(undefined).parse(get('mode'));
  const query = useQuery(trpc.admin.dashboard.overview.queryOptions({ from, to, currency, mode }));
  return (
    <QueryState query={query}>
      {(overview) => {
        const money = (value: number) => formatMoney(value, overview.currency);
        const rows: Row[] = overview.current.map((d, i) => {
          const p = overview.previous[i];
          return {
            ...d,
            prevDay: p?.day,
            prevVolume: p?.volume ?? 0,
            prevSucceeded: p?.succeeded ?? 0,
            prevFailed: p?.failed ?? 0,
            prevSuccessRate: p?.successRate ?? null,
          };
        });
        const totals = sum(overview.current);
        const before = sum(overview.previous);
        const attempts = totals.succeeded + totals.failed;
        const attemptsBefore = before.succeeded + before.failed;
        const previousLabel = `Previous period (${overview.previousFrom} to ${overview.previousTo})`;
        return (
          <>
            <UrlFilterForm
              label="Dashboard period"
              fields={['from', 'to', 'currency', 'mode']}
              key={`${overview.mode}-${overview.currency}`}
            >
              <label>
                From (UTC day)
                <input name="from" type="date" defaultValue={from} />
              </label>
              <label>
                To (UTC day)
                <input name="to" type="date" defaultValue={to} />
              </label>
              <label>
                Currency
                <select name="currency" defaultValue={overview.currency}>
                  {overview.currencies.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Mode
                <select name="mode" defaultValue={overview.mode}>
                  <option value="live">Live</option>
                  <option value="test">Test</option>
                </select>
              </label>
              <button type="submit">Show</button>
            </UrlFilterForm>
            <p className="muted">
              {overview.mode === 'live' ? 'Live' : 'Test'} mode, {overview.currency},{' '}
              {overview.from} to {overview.to} (UTC), against {overview.previousFrom} to{' '}
              {overview.previousTo}.
            </p>
            {overview.hasPayments[overview.mode] ? null : <NoPayments overview={overview} />}
            <dl className="facts kpis">
              <dt>Volume</dt>
              <dd data-testid="kpi-volume">
                <Money amount={totals.volume} currency={overview.currency} />{' '}
                <span className="muted">({change(totals.volume, before.volume)})</span>
              </dd>
              <dt>Successful payments</dt>
              <dd>
                {totals.succeeded}{' '}
                <span className="muted">({change(totals.succeeded, before.succeeded)})</span>
              </dd>
              <dt>Failed payments</dt>
              <dd>
                {totals.failed}{' '}
                <span className="muted">({change(totals.failed, before.failed)})</span>
              </dd>
              <dt>Success rate</dt>
              <dd>
                {attempts === 0 ? '—' : percent(totals.succeeded / attempts)}{' '}
                <span className="muted">
                  (previous:{' '}
                  {attemptsBefore === 0 ? '—' : percent(before.succeeded / attemptsBefore)})
                </span>
              </dd>
              <dt>New merchants</dt>
              <dd>{totals.newMerchants}</dd>
              <dt>New shoppers</dt>
              <dd>{totals.newShoppers}</dd>
            </dl>
            <div className="charts">
              <ChartCard
                title={`Volume (${overview.currency})`}
                summary={`${money(totals.volume)} this period, ${money(before.volume)} the previous one.`}
              >
                <BarChart data={rows} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="day" />
                  <YAxis tickFormatter={money} width={90} />
                  <Tooltip {...TOOLTIP} formatter={(value) => money(Number(value))} />
                  <Legend />
                  <Bar
                    isAnimationActive={false}
                    dataKey="prevVolume"
                    name="Previous period"
                    fill="var(--muted-foreground)"
                    fillOpacity={0.45}
                  />
                  <Bar
                    isAnimationActive={false}
                    dataKey="volume"
                    name="This period"
                    fill="var(--primary)"
                  />
                </BarChart>
              </ChartCard>
              <ChartCard
                title="Payments"
                summary={`${totals.succeeded} successful and ${totals.failed} failed this period; ${before.succeeded} and ${before.failed} the previous one.`}
              >
                <BarChart data={rows} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="day" />
                  <YAxis allowDecimals={false} />
                  <Tooltip {...TOOLTIP} />
                  <Legend />
                  <Bar
                    isAnimationActive={false}
                    dataKey="succeeded"
                    name="Successful"
                    stackId="p"
                    fill="var(--success-foreground)"
                  />
                  <Bar
                    isAnimationActive={false}
                    dataKey="failed"
                    name="Failed"
                    stackId="p"
                    fill="var(--destructive)"
                  />
                  <Bar
                    isAnimationActive={false}
                    dataKey="prevSucceeded"
                    name="Successful, previous period"
                    fill="var(--muted-foreground)"
                    fillOpacity={0.45}
                  />
                </BarChart>
              </ChartCard>
              <ChartCard
                title="Success rate"
                summary={`${attempts === 0 ? 'No payment' : percent(totals.succeeded / attempts)} this period, ${attemptsBefore === 0 ? 'no payment' : percent(before.succeeded / attemptsBefore)} the previous one.`}
              >
                <LineChart data={rows} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="day" />
                  <YAxis domain={[0, 1]} tickFormatter={(v: number) => percent(v)} />
                  <Tooltip {...TOOLTIP} formatter={(value) => percent(Number(value))} />
                  <Legend />
                  <Line
                    isAnimationActive={false}
                    dataKey="successRate"
                    name="This period"
                    stroke="var(--primary)"
                    connectNulls
                  />
                  <Line
                    isAnimationActive={false}
                    dataKey="prevSuccessRate"
                    name="Previous period"
                    stroke="var(--muted-foreground)"
                    strokeDasharray="5 4"
                    connectNulls
                  />
                </LineChart>
              </ChartCard>
              <ChartCard
                title="New merchants and shoppers"
                summary={`${totals.newMerchants} new merchants and ${totals.newShoppers} new shoppers this period.`}
              >
                <LineChart data={rows} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="day" />
                  <YAxis allowDecimals={false} />
                  <Tooltip {...TOOLTIP} />
                  <Legend />
                  <Line
                    isAnimationActive={false}
                    dataKey="newMerchants"
                    name="New merchants"
                    stroke="var(--warning-foreground)"
                  />
                  <Line
                    isAnimationActive={false}
                    dataKey="newShoppers"
                    name="New shoppers"
                    stroke="var(--success-foreground)"
                  />
                </LineChart>
              </ChartCard>
            </div>
            <details>
              <summary>The same figures as a table</summary>
              <StaticTable
                caption={`Per day, with the same day of the previous period`}
                rows={rows}
                rowKey={(r) => r.day}
                columns={[
                  { key: 'day', header: 'Day', render: (r) => r.day },
                  {
                    key: 'volume',
                    header: 'Volume',
                    numeric: true,
                    render: (r) => <Money amount={r.volume} currency={overview.currency} />,
                  },
                  {
                    key: 'pvolume',
                    header: 'Volume, previous',
                    numeric: true,
                    render: (r) => <Money amount={r.prevVolume} currency={overview.currency} />,
                  },
                  { key: 'ok', header: 'Successful', numeric: true, render: (r) => r.succeeded },
                  {
                    key: 'pok',
                    header: 'Successful, previous',
                    numeric: true,
                    render: (r) => r.prevSucceeded,
                  },
                  { key: 'ko', header: 'Failed', numeric: true, render: (r) => r.failed },
                  {
                    key: 'rate',
                    header: 'Success rate',
                    numeric: true,
                    render: (r) => percent(r.successRate),
                  },
                  {
                    key: 'prate',
                    header: 'Success rate, previous',
                    numeric: true,
                    render: (r) => percent(r.prevSuccessRate),
                  },
                  {
                    key: 'nm',
                    header: 'New merchants',
                    numeric: true,
                    render: (r) => r.newMerchants,
                  },
                  {
                    key: 'ns',
                    header: 'New shoppers',
                    numeric: true,
                    render: (r) => r.newShoppers,
                  },
                ]}
              />
              <p className="muted">{previousLabel}.</p>
            </details>
          </>
        );
      }}
    </QueryState>
  );
}
