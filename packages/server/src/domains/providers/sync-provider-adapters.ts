import { MODES, type Mode, type paymentProviders } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { decryptSecret } from '../../infra/secrets.js';
import { createHttpProviderAdapter } from './http-provider-adapter.js';
import type { ProvidersConfig } from './registry.js';
import { createSandboxAdapter, SANDBOX_PROVIDER_NAME } from './sandbox-adapter.js';
import type { ProviderAdapter, ProviderRegistry } from './types.js';

type Row = typeof paymentProviders.$inferSelect;

function secretsOf(row: Row, masterKey: Buffer): Record<string, string> {
  if (!row.secretsCiphertext) return {};
  return JSON.parse(
    decryptSecret({ masterKey, ciphertext: row.secretsCiphertext, associatedData: row.id }),
  ) as Record<string, string>;
}

/**
 * The modes a registry row's config says its provider serves (`modes`: `test`, `live` or
 * `test,live`). The sandbox (by adapter or by name) serves test mode only, whatever the row says:
 * a row that claims more is refused when it is written (`provider_mode_mismatch`), and a row that
 * got in some other way is still built test-only.
 */
export function modesOfProviderConfig(options: {
  adapter: string;
  name: string;
  config: Record<string, string | number | boolean>;
}): Mode[] {
  const raw = options.config.modes;
  const sandbox = options.adapter === 'sandbox' || options.name === SANDBOX_PROVIDER_NAME;
  if (raw === undefined) return sandbox ? ['test'] : [];
  const parts = typeof raw === 'string' ? raw.split(',').map((m) => m.trim()) : [];
  const modes = MODES.filter((m) => parts.includes(m));
  if (parts.length === 0 || parts.some((p) => !MODES.includes(p as Mode))) {
    throw new AppError('validation_failed', {
      message: 'config.modes is `test`, `live` or `test,live`.',
      field: 'config.modes',
    });
  }
  if (sandbox && modes.some((m) => m !== 'test')) {
    throw new AppError('provider_mode_mismatch', {
      message: 'The sandbox provider moves test money only; it cannot serve live mode.',
      field: 'config.modes',
    });
  }
  return modes;
}

/**
 * The adapter a registry row describes, or undefined when the row configures nothing (the
 * environment's adapter of that name, if any, stays). Known adapters and their settings:
 * - `sandbox`: config `baseUrl`, `timeoutMs`, `toleranceSeconds`; secret `secret` (the API key
 *   and notification signing key). Missing ones come from the environment's sandbox settings.
 *   Test mode only, always.
 * - `http`: a provider speaking Ducat's provider protocol: config `baseUrl` and `modes`
 *   (required), `timeoutMs`, `toleranceSeconds`; secret `secret`.
 */
function adapterFor(
  row: Row,
  secrets: Record<string, string>,
  defaults: ProvidersConfig,
): ProviderAdapter | undefined {
  const { baseUrl, timeoutMs, toleranceSeconds } = row.config;
  const tuning = {
    ...(typeof timeoutMs === 'number' ? { timeoutMs } : {}),
    ...(typeof toleranceSeconds === 'number' ? { toleranceSeconds } : {}),
  };
  if (row.adapter === 'http') {
    const modes = modesOfProviderConfig(row);
    if (typeof baseUrl !== 'string' || secrets.secret === undefined || modes.length === 0) {
      return undefined;
    }
    return createHttpProviderAdapter({
      name: row.name,
      modes,
      baseUrl,
      secret: secrets.secret,
      ...tuning,
    });
  }
  if (row.adapter !== 'sandbox') return undefined;
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
  return createSandboxAdapter({ name: row.name, baseUrl: url, secret, ...tuning });
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
