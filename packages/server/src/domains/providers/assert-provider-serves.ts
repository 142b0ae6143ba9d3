import type { Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { ProviderAdapter, ProviderRegistry } from './types.js';

/**
 * Refuses, with `provider_mode_mismatch`, to move money of `mode` through a provider that does
 * not serve that mode (a live order paid with the sandbox's test cards, a sandbox notification
 * for a live payment). Called on every money path before anything is written.
 */
export function assertProviderServes(options: {
  adapter: ProviderAdapter;
  mode: Mode;
  field?: string;
}): void {
  if (options.adapter.modes.includes(options.mode)) return;
  throw new AppError('provider_mode_mismatch', {
    message: `The provider ${options.adapter.name} does not handle ${options.mode}-mode money.`,
    field: options.field ?? 'provider',
    details: { provider: options.adapter.name, mode: options.mode },
  });
}

/**
 * The adapter that holds money of `mode` recorded with provider `name` (a payment, deposit or
 * withdrawal it already has): `provider_unknown` when this process has none, and
 * `provider_mode_mismatch` when it does not serve that mode (a row written before modes were
 * checked), so such money is never settled into the wrong books.
 */
export function providerHolding(options: {
  providers: ProviderRegistry;
  name: string;
  mode: Mode;
}): ProviderAdapter {
  const adapter = options.providers.get(options.name);
  if (!adapter) {
    throw new AppError('provider_unknown', {
      message: 'The payment provider is not available.',
      internalMessage: `no adapter for provider ${options.name}`,
    });
  }
  assertProviderServes({ adapter, mode: options.mode });
  return adapter;
}
