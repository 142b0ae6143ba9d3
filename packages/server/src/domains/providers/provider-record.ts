import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, type ProviderKind, paymentProviders } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { memoCache } from '../../infra/memo-cache.js';
import { assertProviderServes } from './assert-provider-serves.js';
import type { ProvidersConfig } from './registry.js';
import { syncProviderAdapters } from './sync-provider-adapters.js';
import type { ProviderAdapter, ProviderRegistry } from './types.js';

/** A registered provider as staff see it: the names of its secrets, never their values. */
export type RegisteredProvider = {
  id: string;
  name: string;
  displayName: string;
  kind: ProviderKind;
  adapter: string;
  config: Record<string, string | number | boolean>;
  secretKeys: string[];
  enabled: boolean;
  /** Whether this process has an adapter for it (configured by the environment). */
  available: boolean;
  /** The modes its adapter in this process serves (none when unavailable). */
  modes: Mode[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

export function toRegisteredProvider(
  row: typeof paymentProviders.$inferSelect,
  registry: ProviderRegistry,
): RegisteredProvider {
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    kind: row.kind,
    adapter: row.adapter,
    config: row.config,
    secretKeys: row.secretKeys,
    enabled: row.enabled,
    available: registry.has(row.name),
    modes: [...(registry.get(row.name)?.modes ?? [])],
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The providers registry as this process sees it, read through a short cache: whether each
 * provider may start new money movements, and (on each reload) its adapter rebuilt when its row
 * changed (see syncProviderAdapters).
 */
export type ProviderGate = {
  enabled(name: string): Promise<boolean | undefined>;
  /** Reloads the registry now if the cache is stale (adapters included). */
  sync(): Promise<void>;
  invalidate(): void;
};

export function createProviderGate(options: {
  db: DbOrTx;
  registry: ProviderRegistry;
  masterKey: Buffer;
  /** The environment's provider settings: what registry rows do not set. */
  defaults?: ProvidersConfig | undefined;
  logger?: Logger | undefined;
  ttlMs?: number;
}): ProviderGate {
  const built = new Map<string, number>();
  // One entry: every row (the registry holds a handful).
  const cache = memoCache<Map<string, boolean>>(
    {
      get: async () => {
        const rows = await options.db.select().from(paymentProviders);
        syncProviderAdapters({
          registry: options.registry,
          rows,
          masterKey: options.masterKey,
          defaults: options.defaults ?? {},
          built,
          logger: options.logger,
        });
        return new Map(rows.map((r) => [r.name, r.enabled]));
      },
      invalidate: async () => undefined,
    },
    { ttlMs: options.ttlMs ?? 2_000 },
  );
  return {
    enabled: async (name) => (await cache.get('all'))?.get(name),
    sync: async () => {
      await cache.get('all');
    },
    invalidate: () => void cache.invalidate('all'),
  };
}

/**
 * The adapter to start a new payment, deposit, withdrawal, payout or card set-up with: it must
 * be registered and enabled in the providers registry (`provider_disabled` otherwise), have an
 * adapter in this process (`provider_unknown`) and serve the money's mode
 * (`provider_mode_mismatch`; left out only where the mode is known later, which then checks it
 * with assertProviderServes before anything is written). Money a provider already holds (notifications,
 * status queries, refunds of its payments) does not go through here: disabling a provider never
 * strands a payment.
 */
export async function providerForNewPayment(options: {
  providers: ProviderRegistry;
  gate: ProviderGate;
  name: string;
  mode: Mode | undefined;
  field?: string;
}): Promise<ProviderAdapter> {
  const adapter = options.providers.get(options.name);
  const enabled = await options.gate.enabled(options.name);
  if (!adapter || enabled === undefined) {
    throw new AppError('provider_unknown', {
      message: `No provider named ${options.name}.`,
      field: options.field ?? 'provider',
    });
  }
  if (!enabled) {
    throw new AppError('provider_disabled', {
      message: `The provider ${options.name} is disabled.`,
      field: options.field ?? 'provider',
    });
  }
  if (options.mode !== undefined) {
    assertProviderServes({ adapter, mode: options.mode, field: options.field ?? 'provider' });
  }
  return adapter;
}

export async function loadProviderRow(options: {
  db: DbOrTx;
  providerId: string;
  forUpdate?: boolean;
}) {
  const query = options.db
    .select()
    .from(paymentProviders)
    .where(eq(paymentProviders.id, options.providerId));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  if (!row) throw new AppError('not_found', { message: 'No such provider.', field: 'providerId' });
  return row;
}
