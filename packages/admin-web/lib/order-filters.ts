'use client';

import { parseMoney } from '@ducat/web-kit';
import { z } from 'zod';
import type { Sort } from '@/components/data-table';
import {
  endOfDay,
  optionalParam,
  startOfDay,
  ZDay,
  ZMerchantId,
  ZOrderId,
  ZShopperId,
} from './params';
import { useUrlState } from './url-state';

export const ORDER_STATUSES = [
  'created',
  'checkout_success',
  'error_checkout',
  'reject_risk_service',
  'timeout',
  'exception_checkout',
  'refunded',
  'partially_refunded',
  'cancelled',
] as const;

export const ORDER_SORT_FIELDS = ['createdAt', 'updatedAt', 'amount'] as const;

const ZCurrency = z.string().regex(/^[A-Z]{3}$/);

const optional = optionalParam;

const startOf = (day: string | undefined) => (day ? startOfDay(day) : undefined);
const endOf = (day: string | undefined) => (day ? endOfDay(day) : undefined);

/**
 * Order search filters, read from the URL and checked with zod before they reach the API (a
 * hand-edited URL with a bad value drops that filter instead of failing the page).
 */
export function useOrderFilters() {
  const { get } = useUrlState();
  const currency = optional(ZCurrency).parse(get('currency'));
  const money = (name: string) => {
    const text = get(name);
    return text ? parseMoney(text, currency ?? 'EUR') : undefined;
  };
  const rawSort = get('sort')?.split('.');
  const sort: Sort | undefined =
    rawSort &&
    (ORDER_SORT_FIELDS as readonly string[]).includes(rawSort[0] ?? '') &&
    (rawSort[1] === 'asc' || rawSort[1] === 'desc')
      ? { field: rawSort[0] ?? 'createdAt', dir: rawSort[1] }
      : undefined;
  return {
    orderId: optional(ZOrderId).parse(get('orderId')),
    merchantId: optional(ZMerchantId).parse(get('merchantId')),
    shopperId: optional(ZShopperId).parse(get('shopperId')),
    reference: optional(z.string().min(1).max(191)).parse(get('reference')),
    status: optional(z.enum(ORDER_STATUSES)).parse(get('status')),
    mode: optional(z.enum(['test', 'live'])).parse(get('mode')),
    currency,
    from: startOf(optional(ZDay).parse(get('from'))),
    to: endOf(optional(ZDay).parse(get('to'))),
    minAmount: money('min'),
    maxAmount: money('max'),
    sort,
  };
}

/** The sort the API takes, typed to the order list's whitelisted fields. */
export function orderSort(sort: Sort | undefined) {
  if (!sort) return undefined;
  const field = ORDER_SORT_FIELDS.find((f) => f === sort.field);
  return field ? { field, dir: sort.dir } : undefined;
}
