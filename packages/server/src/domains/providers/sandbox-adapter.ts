import {
  createHttpProviderAdapter,
  type HttpProviderAdapterOptions,
} from './http-provider-adapter.js';
import type { ProviderAdapter } from './types.js';

export const SANDBOX_PROVIDER_NAME = 'sandbox';

export type SandboxAdapterOptions = Omit<HttpProviderAdapterOptions, 'name' | 'modes'> & {
  /** The instance's name (routes, clearing account); `sandbox` unless the registry names it. */
  name?: string;
};

/**
 * The sandbox provider (simulated cards, no real money) behind the ProviderAdapter contract. It
 * serves test mode only, always: no option, registry row or environment variable can make it
 * move live money.
 *
 * @example
 * const sandbox = createSandboxAdapter({ baseUrl: 'http://127.0.0.1:4010', secret });
 * const { redirectUrl } = await sandbox.createPayment({ paymentId, amount: 1250, ... });
 */
export function createSandboxAdapter(options: SandboxAdapterOptions): ProviderAdapter {
  return createHttpProviderAdapter({
    ...options,
    name: options.name ?? SANDBOX_PROVIDER_NAME,
    modes: ['test'],
  });
}
