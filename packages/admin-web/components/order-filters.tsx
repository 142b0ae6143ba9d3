'use client';

import { UrlFilterForm } from '@/components/url-filter-form';
import { ORDER_STATUSES } from '@/lib/order-filters';
import { useUrlState } from '@/lib/url-state';

/**
 * The order search form; it writes the URL (filters survive reload and Back) and the table
 * reads it. Platform staff also filter by merchant, mode, currency and amount.
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
  return (
    <UrlFilterForm label="Search orders" fields={fields}>
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
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        From (UTC day)
        <input name="from" type="date" defaultValue={get('from')} />
      </label>
      <label>
        To (UTC day)
        <input name="to" type="date" defaultValue={get('to')} />
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
  );
}
