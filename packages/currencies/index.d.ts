/** Minor-unit exponents ISO 4217 gives the currencies we accept (EUR 2: 1250 = 12.50 €). */
export type MinorUnitExponent = 0 | 2 | 3 | 4;

/**
 * Every active ISO 4217 currency code (national currencies and the regional X… ones, without
 * precious metals, funds codes for testing and SDRs) with its minor-unit exponent.
 *
 * @example
 * ISO_CURRENCIES.JPY; // 0
 */
export declare const ISO_CURRENCIES: Readonly<Record<string, MinorUnitExponent>>;

/**
 * Whether `code` is an ISO 4217 currency we know (upper case, as the API takes it).
 *
 * @example
 * isIsoCurrency('EUR'); // true
 * isIsoCurrency('BTC'); // false
 */
export declare function isIsoCurrency(code: string): boolean;

/**
 * The currency's minor-unit exponent (JPY 0, EUR 2, KWD 3), or undefined for an unknown code.
 *
 * @example
 * minorUnits('KWD'); // 3
 */
export declare function minorUnits(code: string): MinorUnitExponent | undefined;
