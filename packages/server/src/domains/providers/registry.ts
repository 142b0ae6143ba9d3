import type { Env } from '../../env.js';
import { AppError } from '../../errors.js';
import { createSandboxAdapter, type SandboxAdapterOptions } from './sandbox-adapter.js';
import type { ProviderAdapter, ProviderRegistry } from './types.js';

/** Which providers this process talks to, and how. One entry per adapter that exists. */
export type ProvidersConfig = {
  sandbox?: SandboxAdapterOptions | undefined;
};

/**
 * The providers configuration from the environment. `sandboxUrl` overrides SANDBOX_PROVIDER_URL
 * when the sandbox runs in this process on a port only known once it listens (tests use port 0).
 */
export function providersConfigFromEnv(
  env: Pick<Env, 'SANDBOX_PROVIDER_ENABLED' | 'SANDBOX_PROVIDER_URL' | 'SANDBOX_PROVIDER_SECRET'>,
  overrides: { sandboxUrl?: () => string } = {},
): ProvidersConfig {
  return {
    sandbox: env.SANDBOX_PROVIDER_ENABLED
      ? {
          baseUrl: overrides.sandboxUrl ?? env.SANDBOX_PROVIDER_URL,
          secret: env.SANDBOX_PROVIDER_SECRET,
        }
      : undefined,
  };
}

export function createProviderRegistry(config: ProvidersConfig): ProviderRegistry {
  const adapters: ProviderAdapter[] = [];
  if (config.sandbox) adapters.push(createSandboxAdapter(config.sandbox));
  return new Map(adapters.map((adapter) => [adapter.name, adapter]));
}

/** The adapter named in a route or a stored payment; `provider_unknown` when not configured. */
export function getProvider(registry: ProviderRegistry, name: string): ProviderAdapter {
  const adapter = registry.get(name);
  if (!adapter) {
    throw new AppError('provider_unknown', {
      internalMessage: `no provider adapter named ${JSON.stringify(name).slice(0, 60)}`,
    });
  }
  return adapter;
}
