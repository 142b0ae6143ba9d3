/** How many minor units a currency's major unit has, as a power of ten (EUR 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** An integer amount of minor units as an exact decimal string ("-12.05"), no float involved. */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError('amount must be a safe integer');
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Formats minor units for people ("€12.05"). The decimal string goes to Intl as a string, so no
 * amount is ever turned into a binary float.
 */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Intl formats decimal strings exactly; its types still only name number and bigint.
  return format.format(minorToDecimal(minor, currency) as unknown as number);
}

/**
 * Parses what a person typed ("12.5", "12,50", "1 000") into minor units; undefined when it is
 * not an amount in that currency (too many decimals, letters, out of range).
 */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  const cleaned = text
    .trim()
    .replace(/[\s_']/g, '')
    .replace(',', '.');
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  const minor = Number(`${whole}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign === '-' ? -minor : minor;
}
