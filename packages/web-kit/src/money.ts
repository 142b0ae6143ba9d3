import { minorUnits } from '@ducat/currencies';

/**
 * Formats an amount in minor units (integer cents) as money for people, without ever going
 * through a float of the amount: the minor-unit digits of the currency come from the ISO 4217
 * table the server validates with (`@ducat/currencies`), and the value is split into whole and
 * fraction parts with integer arithmetic.
 *
 * @example
 * formatMoney(1250, 'EUR'); // "€12.50"
 * formatMoney(-500, 'JPY'); // "-¥500"
 */
export function formatMoney(amount: number, currency: string, locale = 'en-GB'): string {
  const digits = minorDigits(currency);
  // Intl's own idea of the digits (CLDR) may differ from ISO 4217: ours decide.
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const scale = 10n ** BigInt(digits);
  const minor = BigInt(Math.trunc(amount));
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(digits, '0');
  // Intl formats a decimal string exactly (no float rounding) when given one.
  const decimal = digits > 0 ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
  return format.format(decimal as `${number}`);
}

/**
 * The number of minor-unit digits of a currency (ISO 4217: 2 for EUR, 0 for JPY, 3 for KWD);
 * a code outside the table (the server refuses those) falls back to Intl's.
 */
export function minorDigits(currency: string): number {
  return (
    minorUnits(currency) ??
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ??
    2
  );
}

/**
 * Reads an amount a person typed ("12.5", "12,50", "1 000") as integer minor units, or undefined
 * when it is not a positive amount with at most the currency's number of decimals. No float
 * ever holds the amount.
 *
 * @example
 * parseMoney('12.5', 'EUR'); // 1250
 * parseMoney('0.001', 'EUR'); // undefined
 */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const cleaned = text.trim().replace(/[\s_]/g, '').replace(',', '.');
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(cleaned);
  if (!match?.[1]) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) && minor > 0 ? minor : undefined;
}

/** Minor units as the plain decimal a person would type back ("12.50"). */
export function toDecimalText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amount);
  const scale = 10 ** digits;
  const abs = Math.abs(amount);
  const sign = amount < 0 ? '-' : '';
  return `${sign}${Math.trunc(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}
