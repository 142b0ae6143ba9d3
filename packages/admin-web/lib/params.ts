import { z } from 'zod';

/**
 * Reading filters from the URL: each value is checked with zod before it reaches the API, and a
 * hand-edited bad value drops that filter instead of failing the page.
 */
export const optionalParam = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const ZMerchantId = z.string().regex(/^mch_[1-9A-Za-z]{22}$/, 'A merchant id (mch_…).');
export const ZOrderId = z.string().regex(/^ord_[1-9A-HJ-NP-Za-km-z]{22}$/, 'An order id (ord_…).');
export const ZShopperId = z
  .string()
  .regex(/^usr_[1-9A-HJ-NP-Za-km-z]{22}$/, 'A shopper id (usr_…).');
export const ZDay = z.iso.date();

const DAY_MS = 86_400_000;

/** The first instant of a UTC day (`2026-11-26` → `2026-11-26T00:00:00.000Z`). */
export function startOfDay(day: string): string {
  return `${day}T00:00:00.000Z`;
}

/** The first instant after a UTC day: ranges are [start of first day, end of last day). */
export function endOfDay(day: string): string {
  return new Date(Date.parse(startOfDay(day)) + DAY_MS).toISOString();
}

/** The UTC day `offset` days from today (`-7`: a week ago). */
export function dayFromToday(offset: number): string {
  return new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both UTC days. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(startOfDay(to)) - Date.parse(startOfDay(from))) / DAY_MS;
}
