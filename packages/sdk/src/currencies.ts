/**
 * The ISO 4217 currencies Ducat accepts, with their minor-unit exponents: the same table the
 * platform validates with (bundled, so the SDK keeps no runtime dependencies). Amounts are
 * always integers in minor units: 2500 EUR is 25.00 €, 2500 JPY is ¥2500, 2500 KWD is 2.500 KD.
 *
 * @example
 * import { minorUnits } from '@ducat/sdk';
 * const amount = 25 * 10 ** (minorUnits('EUR') ?? 2); // 2500
 */
export {
  ISO_CURRENCIES,
  isIsoCurrency,
  type MinorUnitExponent,
  minorUnits,
} from '@ducat/currencies';
