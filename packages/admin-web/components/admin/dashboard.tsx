'use client';

import { formatMoney } from '@ducat/web-kit';
import { useQuery } from '@tanstack/react-query';
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

type Row = ApiOutputs['admin']['dashboard']['daily'][number];

const percent = (rate: number | null) =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toString()}%`;

function ChartCard({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <figure className="card chart">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

/**
 * Per-day figures from the aggregates the server keeps from the event stream (metrics_daily):
 * volume, successful and failed payments, success rate, new merchants and shoppers.
 */
export function Dashboard() {
  const trpc = useTRPC();
  const { get } = useUrlState();
  const from = ZDay.catch(dayFromToday(-29)).parse(get('from'));
  const to = ZDay.catch(dayFromToday(0)).parse(get('to'));
  const currency = z
    .string()
    .regex(/^[A-Z]{3}$/)
    .catch('EUR')
    .parse(get('currency')?.toUpperCase());
  const mode = z.enum(['test', 'live']).catch('live').parse(get('mode'));
  const query = useQuery(trpc.admin.dashboard.daily.queryOptions({ from, to, currency, mode }));
  const money = (value: number) => formatMoney(value, currency);
  return (
    <>
      <UrlFilterForm label="Dashboard period" fields={['from', 'to', 'currency', 'mode']}>
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
          <input name="currency" defaultValue={currency} size={4} />
        </label>
        <label>
          Mode
          <select name="mode" defaultValue={mode}>
            <option value="live">Live</option>
            <option value="test">Test</option>
          </select>
        </label>
        <button type="submit">Show</button>
      </UrlFilterForm>
      <QueryState
        query={query}
        isEmpty={(rows) => rows.length === 0}
        empty="No activity in this period."
      >
        {(rows: Row[]) => {
          const totals = rows.reduce(
            (t, r) => ({
              volume: t.volume + r.volume,
              succeeded: t.succeeded + r.succeeded,
              failed: t.failed + r.failed,
              newMerchants: t.newMerchants + r.newMerchants,
              newShoppers: t.newShoppers + r.newShoppers,
            }),
            { volume: 0, succeeded: 0, failed: 0, newMerchants: 0, newShoppers: 0 },
          );
          const attempts = totals.succeeded + totals.failed;
          return (
            <>
              <dl className="facts kpis">
                <dt>Volume</dt>
                <dd data-testid="kpi-volume">
                  <Money amount={totals.volume} currency={currency} />
                </dd>
                <dt>Successful payments</dt>
                <dd>{totals.succeeded}</dd>
                <dt>Failed payments</dt>
                <dd>{totals.failed}</dd>
                <dt>Success rate</dt>
                <dd>{attempts === 0 ? '—' : percent(totals.succeeded / attempts)}</dd>
                <dt>New merchants</dt>
                <dd>{totals.newMerchants}</dd>
                <dt>New shoppers</dt>
                <dd>{totals.newShoppers}</dd>
              </dl>
              <div className="charts">
                <ChartCard title={`Volume (${currency})`}>
                  <BarChart data={rows}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="day" />
                    <YAxis tickFormatter={money} width={90} />
                    <Tooltip formatter={(value) => money(Number(value))} />
                    <Bar isAnimationActive={false} dataKey="volume" name="Volume" fill="#1f5fbf" />
                  </BarChart>
                </ChartCard>
                <ChartCard title="Payments">
                  <BarChart data={rows}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="day" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    <Bar
                      isAnimationActive={false}
                      dataKey="succeeded"
                      name="Successful"
                      stackId="p"
                      fill="#17663a"
                    />
                    <Bar
                      isAnimationActive={false}
                      dataKey="failed"
                      name="Failed"
                      stackId="p"
                      fill="#b3261e"
                    />
                  </BarChart>
                </ChartCard>
                <ChartCard title="Success rate">
                  <LineChart data={rows}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="day" />
                    <YAxis domain={[0, 1]} tickFormatter={(v: number) => percent(v)} />
                    <Tooltip formatter={(value) => percent(Number(value))} />
                    <Line
                      isAnimationActive={false}
                      dataKey="successRate"
                      name="Success rate"
                      stroke="#1f5fbf"
                      connectNulls
                    />
                  </LineChart>
                </ChartCard>
                <ChartCard title="New merchants and shoppers">
                  <LineChart data={rows}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="day" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    <Line
                      isAnimationActive={false}
                      dataKey="newMerchants"
                      name="New merchants"
                      stroke="#8a5a00"
                    />
                    <Line
                      isAnimationActive={false}
                      dataKey="newShoppers"
                      name="New shoppers"
                      stroke="#17663a"
                    />
                  </LineChart>
                </ChartCard>
              </div>
              <details>
                <summary>The same figures as a table</summary>
                <StaticTable
                  caption="Per day"
                  rows={rows}
                  rowKey={(r) => r.day}
                  columns={[
                    { key: 'day', header: 'Day', render: (r) => r.day },
                    {
                      key: 'volume',
                      header: 'Volume',
                      numeric: true,
                      render: (r) => <Money amount={r.volume} currency={currency} />,
                    },
                    { key: 'ok', header: 'Successful', numeric: true, render: (r) => r.succeeded },
                    { key: 'ko', header: 'Failed', numeric: true, render: (r) => r.failed },
                    {
                      key: 'rate',
                      header: 'Success rate',
                      numeric: true,
                      render: (r) => percent(r.successRate),
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
              </details>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
