import type { paymentProviders } from '../../db/schema/index.js';
import type { Logger } from '../../infra/logger.js';
import { decryptSecret } from '../../infra/secrets.js';
import type { ProvidersConfig } from './registry.js';
import { createSandboxAdapter } from './sandbox-adapter.js';
import type { ProviderAdapter, ProviderRegistry } from './types.js';

type Row = typeof paymentProviders.$inferSelect;

function secretsOf(row: Row, masterKey: Buffer): Record<string, string> {
  if (!row.secretsCiphertext) return {};
  return JSON.parse(
    decryptSecret({ masterKey, ciphertext: row.secretsCiphertext, associatedData: row.id }),
  ) as Record<string, string>;
}

/**
 * The adapter a registry row describes, or undefined when the row configures nothing (the
 * environment's adapter of that name, if any, stays). Known adapters and their settings:
 * `sandbox`: config `baseUrl`, `timeoutMs`, `toleranceSeconds`; secret `secret` (the API key and
 * notification signing key). Missing ones come from the environment's sandbox settings.
 */
function adapterFor(
  row: Row,
  secrets: Record<string, string>,
  defaults: ProvidersConfig,
): ProviderAdapter | undefined {
  if (row.adapter !== 'sandbox') return undefined;
  const { baseUrl, timeoutMs, toleranceSeconds } = row.config;
  const configured =
    baseUrl !== undefined ||
    timeoutMs !== undefined ||
    toleranceSeconds !== undefined ||
    secrets.secret !== undefined ||
    row.name !== 'sandbox';
  if (!configured) return undefined;
  const url = typeof baseUrl === 'string' ? baseUrl : defaults.sandbox?.baseUrl;
  const secret = secrets.secret ?? defaults.sandbox?.secret;
  if (url === undefined || secret === undefined) return undefined;
  return createSandboxAdapter({
    name: row.name,
    baseUrl: url,
    secret,
    ...(typeof timeoutMs === 'number' ? { timeoutMs } : {}),
    ...(typeof toleranceSeconds === 'number' ? { toleranceSeconds } : {}),
  });
}

/**
 * Brings this process's adapters in line with the providers registry: a row whose version this
 * process has not built yet gets its adapter (re)built from its config and decrypted secrets and
 * put in the registry under the row's name, so new payments, notifications, queries and refunds
 * all use it. Rows that configure nothing keep the adapter the environment built.
 */
export function syncProviderAdapters(options: {
  registry: ProviderRegistry;
  rows: Row[];
  masterKey: Buffer;
  defaults: ProvidersConfig;
  built: Map<string, number>;
  logger?: Logger | undefined;
}): void {
  for (const row of options.rows) {
    if (options.built.get(row.name) === row.version) continue;
    options.built.set(row.name, row.version);
    try {
      const adapter = adapterFor(row, secretsOf(row, options.masterKey), options.defaults);
      if (adapter) options.registry.set(row.name, adapter);
    } catch (error) {
      // An undecryptable secret (another MASTER_KEY) leaves the previous adapter in place.
      options.logger?.error({ err: error, provider: row.name }, 'provider adapter not rebuilt');
    }
  }
}
