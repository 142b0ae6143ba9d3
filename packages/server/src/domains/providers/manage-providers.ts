import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { type ProviderKind, paymentProviders } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { encryptSecret } from '../../infra/secrets.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import {
  loadProviderRow,
  type RegisteredProvider,
  toRegisteredProvider,
} from './provider-record.js';
import { modesOfProviderConfig } from './sync-provider-adapters.js';
import type { ProviderRegistry } from './types.js';

type ProviderConfig = Record<string, string | number | boolean>;

function sealSecrets(masterKey: Buffer, id: string, secrets: Record<string, string>) {
  const keys = Object.keys(secrets).sort();
  return {
    secretKeys: keys,
    secretsCiphertext:
      keys.length === 0
        ? null
        : encryptSecret({ masterKey, plaintext: JSON.stringify(secrets), associatedData: id }),
  };
}

export async function listProviders(options: {
  db: Db;
  registry: ProviderRegistry;
}): Promise<RegisteredProvider[]> {
  const rows = await options.db.select().from(paymentProviders).orderBy(asc(paymentProviders.name));
  return rows.map((r) => toRegisteredProvider(r, options.registry));
}

/** Registers a provider; its secrets are encrypted at rest and never returned. */
export async function registerProvider(options: {
  db: Db;
  actor: Actor;
  masterKey: Buffer;
  registry: ProviderRegistry;
  name: string;
  displayName: string;
  kind: ProviderKind;
  adapter: string;
  config: ProviderConfig;
  secrets: Record<string, string>;
  enabled: boolean;
}): Promise<RegisteredProvider> {
  const { db, actor } = options;
  // A sandbox that claims live mode (or modes that do not parse) is refused before anything.
  modesOfProviderConfig(options);
  const id = newId('prv');
  try {
    return await db.transaction(async (tx) => {
      await tx.insert(paymentProviders).values({
        id,
        name: options.name,
        displayName: options.displayName,
        kind: options.kind,
        adapter: options.adapter,
        config: options.config,
        enabled: options.enabled,
        ...sealSecrets(options.masterKey, id, options.secrets),
      });
      await outbox.append({
        tx,
        type: 'provider.registered',
        aggregateId: id,
        payload: {
          providerId: id,
          name: options.name,
          kind: options.kind,
          adapter: options.adapter,
          enabled: options.enabled,
        },
      });
      const row = await loadProviderRow({ db: tx, providerId: id });
      const view = toRegisteredProvider(row, options.registry);
      await recordAudit({
        tx,
        actor,
        action: 'provider.registered',
        targetType: 'provider',
        targetId: id,
        after: { ...view, secretKeys: view.secretKeys },
      });
      return view;
    });
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new AppError('provider_name_taken', {
        message: `A provider named ${options.name} is registered already.`,
        field: 'name',
      });
    }
    throw error;
  }
}

/**
 * Changes a provider (display name, kind, config, secrets, enabled) under its row lock, bumping
 * its version; `secrets` replaces every stored secret when given. Event and audit row (secret
 * names only) commit with it. Setting what is already there changes nothing.
 */
export async function updateProvider(options: {
  db: Db;
  actor: Actor;
  masterKey: Buffer;
  registry: ProviderRegistry;
  providerId: string;
  patch: {
    displayName?: string | undefined;
    kind?: ProviderKind | undefined;
    config?: ProviderConfig | undefined;
    secrets?: Record<string, string> | undefined;
    enabled?: boolean | undefined;
  };
}): Promise<RegisteredProvider> {
  const { db, actor, patch } = options;
  return db.transaction(async (tx) => {
    const before = await loadProviderRow({
      db: tx,
      providerId: options.providerId,
      forUpdate: true,
    });
    const fields = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => {
      const value = patch[k];
      if (value === undefined) return false;
      if (k === 'secrets') return true;
      if (k === 'config') return JSON.stringify(value) !== JSON.stringify(before.config);
      return value !== before[k];
    });
    if (fields.length === 0) return toRegisteredProvider(before, options.registry);
    if (patch.config !== undefined) {
      modesOfProviderConfig({ adapter: before.adapter, name: before.name, config: patch.config });
    }
    await tx
      .update(paymentProviders)
      .set({
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.config !== undefined ? { config: patch.config } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.secrets !== undefined
          ? sealSecrets(options.masterKey, before.id, patch.secrets)
          : {}),
        version: sql`${paymentProviders.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(paymentProviders.id, before.id));
    const after = await loadProviderRow({ db: tx, providerId: before.id });
    await outbox.append({
      tx,
      type: 'provider.updated',
      aggregateId: before.id,
      payload: {
        providerId: before.id,
        name: before.name,
        version: after.version,
        fields: fields.sort(),
        enabled: after.enabled,
      },
    });
    const view = (r: typeof before) => {
      const { secretsCiphertext: _secret, ...rest } = r;
      return rest;
    };
    await recordAudit({
      tx,
      actor,
      action:
        fields.length === 1 && fields[0] === 'enabled'
          ? after.enabled
            ? 'provider.enabled'
            : 'provider.disabled'
          : 'provider.updated',
      targetType: 'provider',
      targetId: before.id,
      before: view(before),
      after: view(after),
    });
    return toRegisteredProvider(after, options.registry);
  });
}
