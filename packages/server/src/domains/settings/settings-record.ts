import { isIsoCurrency } from '@ducat/currencies';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { platformSettings } from '../../db/schema/index.js';
import { memoCache } from '../../infra/memo-cache.js';

export const SETTINGS_ROW = 'platform';

export const ZMaintenanceWindow = z
  .object({
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    message: z.string().trim().min(1).max(500),
  })
  .refine((w) => Date.parse(w.startsAt) < Date.parse(w.endsAt), {
    message: 'startsAt must be before endsAt',
    path: ['endsAt'],
  });

/**
 * What staff can change at run time. Absent fields fall back to the environment's defaults
 * (ORDER_DEFAULT_EXPIRY_MINUTES, PROVIDER_NO_ANSWER_MINUTES, RECON_NOTIFY_EMAILS).
 */
export const ZSettingsDocument = z.object({
  /** Orders created without `expiresInSeconds` expire after this long. */
  defaultOrderExpirySeconds: z.number().int().min(300).optional(),
  /** A provider payment, deposit or withdrawal without an answer this long is queried. */
  providerNoAnswerMinutes: z.number().int().min(1).max(1_440).optional(),
  /** While one is current, checkout payments answer `maintenance` (503). */
  maintenanceWindows: z.array(ZMaintenanceWindow).max(50).optional(),
  /** Who gets the stakeholder digests (new differences, flagged payments, open exceptions). */
  notificationRecipients: z.array(z.email().max(254)).max(50).optional(),
  /** The currencies money may move in (ISO 4217 codes); unset: every ISO 4217 currency. */
  enabledCurrencies: z
    .array(z.string().refine(isIsoCurrency, 'must be an ISO 4217 currency'))
    .min(1)
    .max(200)
    .optional(),
});
export type SettingsDocument = z.infer<typeof ZSettingsDocument>;

export type Settings = {
  defaultOrderExpirySeconds: number;
  providerNoAnswerMinutes: number;
  maintenanceWindows: { startsAt: string; endsAt: string; message: string }[];
  notificationRecipients: string[];
  /** null: every ISO 4217 currency is enabled. */
  enabledCurrencies: string[] | null;
  version: number;
  updatedBy: string | null;
  updatedAt: string;
};

export type SettingsDefaults = Pick<
  Settings,
  'defaultOrderExpirySeconds' | 'providerNoAnswerMinutes' | 'notificationRecipients'
>;

/** The settings in force: the stored document over the environment's defaults. */
export function effectiveSettings(
  row: typeof platformSettings.$inferSelect | undefined,
  defaults: SettingsDefaults,
): Settings {
  const doc = ZSettingsDocument.safeParse(row?.document ?? {}).data ?? {};
  return {
    defaultOrderExpirySeconds: doc.defaultOrderExpirySeconds ?? defaults.defaultOrderExpirySeconds,
    providerNoAnswerMinutes: doc.providerNoAnswerMinutes ?? defaults.providerNoAnswerMinutes,
    maintenanceWindows: doc.maintenanceWindows ?? [],
    notificationRecipients: doc.notificationRecipients ?? defaults.notificationRecipients,
    enabledCurrencies: doc.enabledCurrencies ?? null,
    version: row?.version ?? 0,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: (row?.updatedAt ?? new Date(0)).toISOString(),
  };
}

export async function loadSettingsRow(options: { db: DbOrTx; forUpdate?: boolean }) {
  const query = options.db
    .select()
    .from(platformSettings)
    .where(eq(platformSettings.id, SETTINGS_ROW));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

/** Reads the settings through a short in-process cache (changes reach every process within it). */
export type SettingsReader = {
  /** The environment's values, in force for every field staff have not set. */
  defaults: SettingsDefaults;
  /** ORDER_MAX_EXPIRY_HOURS: the default order expiry may not exceed it. */
  maxOrderExpirySeconds: number;
  current(): Promise<Settings>;
  /** After a change committed in this process: the next read loads it. */
  invalidate(): void;
};

export function createSettingsReader(options: {
  db: DbOrTx;
  defaults: SettingsDefaults;
  maxOrderExpirySeconds: number;
  ttlMs?: number;
}): SettingsReader {
  const cache = memoCache<Settings>(
    {
      get: async () =>
        effectiveSettings(await loadSettingsRow({ db: options.db }), options.defaults),
      invalidate: async () => undefined,
    },
    { ttlMs: options.ttlMs ?? 2_000 },
  );
  return {
    defaults: options.defaults,
    maxOrderExpirySeconds: options.maxOrderExpirySeconds,
    current: async () =>
      (await cache.get(SETTINGS_ROW)) ?? effectiveSettings(undefined, options.defaults),
    invalidate: () => void cache.invalidate(SETTINGS_ROW),
  };
}

/** The maintenance window in force at `now`, if any. */
export function currentMaintenance(
  settings: Pick<Settings, 'maintenanceWindows'>,
  now: Date,
): Settings['maintenanceWindows'][number] | undefined {
  const t = now.getTime();
  return settings.maintenanceWindows.find(
    (w) => Date.parse(w.startsAt) <= t && t < Date.parse(w.endsAt),
  );
}
