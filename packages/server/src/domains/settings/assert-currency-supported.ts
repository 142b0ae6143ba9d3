import { isIsoCurrency } from '@ducat/currencies';
import { AppError } from '../../errors.js';
import type { SettingsReader } from './settings-record.js';

/**
 * Refuses a currency that is not ISO 4217 (`ZZZ`, `BTC`) or not enabled on this platform
 * (admin.settings `enabledCurrencies`; unset: every ISO 4217 currency) with 400
 * `currency_unsupported`. Every path where money enters in a new currency (orders, deposits,
 * withdrawals, payouts) asks first, before anything is written.
 */
export async function assertCurrencySupported(options: {
  settings: SettingsReader;
  currency: string;
  field?: string;
}): Promise<void> {
  const field = options.field ?? 'currency';
  if (!isIsoCurrency(options.currency)) {
    throw new AppError('currency_unsupported', {
      message: `${options.currency} is not an ISO 4217 currency.`,
      field,
    });
  }
  const { enabledCurrencies } = await options.settings.current();
  if (enabledCurrencies !== null && !enabledCurrencies.includes(options.currency)) {
    throw new AppError('currency_unsupported', {
      message: `${options.currency} is not enabled on this platform.`,
      field,
      details: { enabledCurrencies },
    });
  }
}
