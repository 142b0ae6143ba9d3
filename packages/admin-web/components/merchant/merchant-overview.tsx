'use client';

import { Alert, AlertTitle, PageHeader, PageTitle } from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { z } from 'zod';
import { StaticTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { MerchantStatus } from '@/lib/api-types';
import { dayFromToday, ZDay } from '@/lib/params';
import { useOwnMerchantId } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';
import { useUrlState } from '@/lib/url-state';

const STATUS_TEXT: Record<MerchantStatus, string> = {
  pending: 'Your application is being reviewed. You can prepare your test keys meanwhile.',
  active: 'Your account is active: you can take payments.',
  suspended: 'Your account is suspended: payments are refused. Contact Ducat support.',
  closed: 'Your account is closed.',
};

const TOOLTIP = {
  contentStyle: { background: 'var(--surface)', borderColor: 'var(--border)' },
  labelStyle: { color: 'var(--foreground)' },
} as const;

/**
 * The period's payments beside the previous period's, in the mode and currency that have data
 * (unless the URL names them); when the mode shown has none, what to do next.
 */
function Payments({
  merchantId,
  liveModeAvailable,
}: {
  merchantId: string;
  liveModeAvailable: boolean;
}) {
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
  const mode = z.enum(['test', 'live']).optional().catch(undefined).parse(get('view'));
  const query = useQuery(
    trpc.merchant.overview.queryOptions({ merchantId, from, to, currency, mode }),
  );
  return (
    <section aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payments</h2>
      <QueryState query={query}>
        {(o) => {
          const rows = o.current.map((d, i) => ({
            ...d,
            prevVolume: o.previous[i]?.volume ?? 0,
            prevSucceeded: o.previous[i]?.succeeded ?? 0,
          }));
          const total = o.current.reduce((a, d) => a + d.volume, 0);
          const totalBefore = o.previous.reduce((a, d) => a + d.volume, 0);
          const paid = o.current.reduce((a, d) => a + d.succeeded, 0);
          const failed = o.current.reduce((a, d) => a + d.failed, 0);
          const money = (v: number) => formatMoney(v, o.currency);
          const other = o.mode === 'live' ? 'test' : 'live';
          return (
            <>
              <UrlFilterForm
                label="Payments period"
                fields={['from', 'to', 'currency', 'view']}
                key={`${o.mode}-${o.currency}`}
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
                  <select name="currency" defaultValue={o.currency}>
                    {o.currencies.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Mode
                  <select name="view" defaultValue={o.mode}>
                    <option value="live">Live</option>
                    <option value="test">Test</option>
                  </select>
                </label>
                <button type="submit">Show</button>
              </UrlFilterForm>
              {o.hasPayments[o.mode] ? null : (
                <Alert className="[&_a]:underline">
                  <AlertTitle>
                    No {o.mode} payments yet from {o.from} to {o.to}
                  </AlertTitle>
                  {o.mode === 'live' ? (
                    liveModeAvailable ? (
                      <p>
                        Live payments need live keys:{' '}
                        <Link href="/merchant/keys">create live keys</Link> and use them on your
                        server.
                      </p>
                    ) : (
                      <p>
                        Live mode opens once Ducat approves your application; meanwhile{' '}
                        <Link href="/merchant/keys">create test keys</Link> and take test payments.
                      </p>
                    )
                  ) : (
                    <p>
                      <Link href="/merchant/keys">Create test keys</Link> and make an order with
                      them: the sandbox provider and demo wallets pay test orders.
                    </p>
                  )}
                  {o.hasPayments[other] ? (
                    <p>
                      {other === 'live' ? 'Live' : 'Test'} mode has payments in this period:{' '}
                      <Link href={`/merchant?view=${other}&from=${o.from}&to=${o.to}`}>
                        show {other} mode
                      </Link>
                      .
                    </p>
                  ) : null}
                </Alert>
              )}
              <dl className="facts kpis">
                <dt>Volume ({o.mode})</dt>
                <dd data-testid="overview-volume">
                  <Money amount={total} currency={o.currency} />
                </dd>
                <dt>Previous period</dt>
                <dd>
                  <Money amount={totalBefore} currency={o.currency} /> ({o.previousFrom} to{' '}
                  {o.previousTo})
                </dd>
                <dt>Paid orders</dt>
                <dd>{paid}</dd>
                <dt>Failed orders</dt>
                <dd>{failed}</dd>
              </dl>
              <figure className="card chart">
                <figcaption>
                  <strong>Volume per day ({o.currency})</strong>
                  <span className="sr-only">
                    {' '}
                    {money(total)} this period, {money(totalBefore)} the previous one; every day is
                    in the table below.
                  </span>
                </figcaption>
                <div style={{ width: '100%', height: 240 }} aria-hidden="true">
                  <ResponsiveContainer>
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
                  </ResponsiveContainer>
                </div>
              </figure>
              <details>
                <summary>The same figures as a table</summary>
                <StaticTable
                  caption="Per day, with the same day of the previous period"
                  rows={rows}
                  rowKey={(r) => r.day}
                  columns={[
                    { key: 'day', header: 'Day', render: (r) => r.day },
                    {
                      key: 'v',
                      header: 'Volume',
                      numeric: true,
                      render: (r) => <Money amount={r.volume} currency={o.currency} />,
                    },
                    {
                      key: 'pv',
                      header: 'Volume, previous',
                      numeric: true,
                      render: (r) => <Money amount={r.prevVolume} currency={o.currency} />,
                    },
                    { key: 'ok', header: 'Paid', numeric: true, render: (r) => r.succeeded },
                    {
                      key: 'pok',
                      header: 'Paid, previous',
                      numeric: true,
                      render: (r) => r.prevSucceeded,
                    },
                    { key: 'ko', header: 'Failed', numeric: true, render: (r) => r.failed },
                  ]}
                />
              </details>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

/** The merchant's home: the onboarding application's status and what each mode allows. */
export function MerchantOverview() {
  const trpc = useTRPC();
  const merchantId = useOwnMerchantId();
  const query = useQuery(trpc.merchant.application.status.queryOptions({ merchantId }));
  return (
    <QueryState query={query}>
      {(a) => (
        <>
          <PageHeader>
            <PageTitle>
              {a.businessName} <StatusBadge status={a.status} />
            </PageTitle>
          </PageHeader>
          <p role="status">{STATUS_TEXT[a.status]}</p>
          <dl className="facts">
            <dt>Merchant id</dt>
            <dd>
              <code data-testid="merchant-id">{a.merchantId}</code>
            </dd>
            <dt>Applied</dt>
            <dd>
              <DateTime value={a.submittedAt} />
            </dd>
            <dt>Decided</dt>
            <dd>
              <DateTime value={a.decidedAt} />
            </dd>
            {a.reason ? (
              <>
                <dt>Reason</dt>
                <dd>{a.reason}</dd>
              </>
            ) : null}
            <dt>Test mode</dt>
            <dd>{a.testModeAvailable ? 'available' : 'not available'}</dd>
            <dt>Live mode</dt>
            <dd>{a.liveModeAvailable ? 'available' : 'not available until approved'}</dd>
          </dl>
          <Payments merchantId={a.merchantId} liveModeAvailable={a.liveModeAvailable} />
          <p>
            Next: <Link href="/merchant/keys">create your API keys</Link>, check your{' '}
            <Link href="/merchant/settings">return and IPN URLs</Link>, then follow your{' '}
            <Link href="/merchant/orders">orders</Link>.
          </p>
        </>
      )}
    </QueryState>
  );
}
