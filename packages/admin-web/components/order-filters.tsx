'use client';

import { UrlFilterForm } from '@/components/url-filter-form';
import { endOfDay, startOfDay } from '@/lib/params';
import { ORDER_STATUS_OPTIONS, statusInfo } from '@/lib/status';
import { useUrlState } from '@/lib/url-state';

const LABELS: Record<string, string> = {
  orderId: 'Order id',
  reference: 'Reference',
  status: 'Status',
  from: 'From',
  to: 'To',
  merchantId: 'Merchant',
  shopperId: 'Shopper',
  mode: 'Mode',
  currency: 'Currency',
  min: 'Min amount',
  max: 'Max amount',
};

/** A UTC day in the viewer's locale, with "UTC" said: `3 Dec 2026 (UTC)`. */
function utcDay(day: string): string {
  const date = new Date(startOfDay(day));
  if (Number.isNaN(date.getTime())) return day;
  const text = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    date,
  );
  return `${text} (UTC)`;
}

function formatValue(field: string, value: string): string {
  if (field === 'status') return statusInfo(value).label;
  if (field === 'from' || field === 'to') return utcDay(value);
  return value;
}

/**
 * The order search form; it writes the URL (filters survive reload and Back) and the table
 * reads it. Platform staff also filter by merchant, mode, currency and amount. Dates are whole
 * UTC days (the browser's date picker, in the viewer's locale); the range sent is stated.
 */
export function OrderFilters({ platform }: { platform: boolean }) {
  const { get, set } = useUrlState();
  const fields = platform
    ? [
        'orderId',
        'reference',
        'status',
        'from',
        'to',
        'merchantId',
        'shopperId',
        'mode',
        'currency',
        'min',
        'max',
      ]
    : ['orderId', 'reference', 'status', 'from', 'to'];
  const from = get('from');
  const to = get('to');
  return (
    <>
      <UrlFilterForm
        label="Search orders"
        fields={fields}
        chips={{ labels: LABELS, format: formatValue }}
      >
        <label>
          Order id
          <input name="orderId" defaultValue={get('orderId')} placeholder="ord_…" />
        </label>
        <label>
          Reference
          <input name="reference" defaultValue={get('reference')} />
        </label>
        <label>
          Status
          <select name="status" defaultValue={get('status') ?? ''}>
            <option value="">Any</option>
            {ORDER_STATUS_OPTIONS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC day)
          <input name="from" type="date" defaultValue={from} aria-describedby="order-range-utc" />
        </label>
        <label>
          To (UTC day)
          <input name="to" type="date" defaultValue={to} aria-describedby="order-range-utc" />
        </label>
        {platform ? (
          <>
            <label>
              Merchant
              <input name="merchantId" defaultValue={get('merchantId')} placeholder="mch_…" />
            </label>
            <label>
              Shopper
              <input name="shopperId" defaultValue={get('shopperId')} placeholder="usr_…" />
            </label>
            <label>
              Mode
              <select name="mode" defaultValue={get('mode') ?? ''}>
                <option value="">Any</option>
                <option value="test">Test</option>
                <option value="live">Live</option>
              </select>
            </label>
            <label>
              Currency
              <input name="currency" defaultValue={get('currency')} placeholder="EUR" size={4} />
            </label>
            <label>
              Min amount
              <input name="min" defaultValue={get('min')} inputMode="decimal" size={8} />
            </label>
            <label>
              Max amount
              <input name="max" defaultValue={get('max')} inputMode="decimal" size={8} />
            </label>
          </>
        ) : null}
        <button type="submit">Search</button>
        <button
          type="button"
          onClick={() => set(Object.fromEntries(fields.map((f) => [f, undefined])))}
        >
          Clear
        </button>
      </UrlFilterForm>
      <p id="order-range-utc" className="muted m-0 text-sm">
        Days are UTC days.
        {from || to
          ? ` Showing orders created from ${from ? startOfDay(from) : 'the first order'} up to ${
              to ? endOfDay(to) : 'now'
            }.`
          : ' “From” starts at 00:00 UTC; “To” includes the whole day.'}
      </p>
    </>
  );
}
