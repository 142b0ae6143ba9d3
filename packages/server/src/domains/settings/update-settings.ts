import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { platformSettings } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import {
  effectiveSettings,
  loadSettingsRow,
  SETTINGS_ROW,
  type Settings,
  type SettingsDefaults,
  type SettingsDocument,
  ZSettingsDocument,
} from './settings-record.js';

/**
 * Changes platform settings: the fields given replace the stored ones (`null` resets a field to
 * the environment's default). Under the settings row's lock, so two changes at once apply one
 * after the other; with `baseVersion`, a change made while someone else saved is refused with
 * `settings_stale` (the editor reloads) instead of silently undoing theirs. The new document,
 * its `settings.updated` event and the audit row (before and after) commit together.
 */
export async function updateSettings(options: {
  db: Db;
  actor: Actor;
  defaults: SettingsDefaults;
  maxOrderExpirySeconds: number;
  patch: { [K in keyof SettingsDocument]?: SettingsDocument[K] | null };
  baseVersion?: number | undefined;
}): Promise<Settings> {
  const { db, actor } = options;
  const expiry = options.patch.defaultOrderExpirySeconds;
  if (typeof expiry === 'number' && expiry > options.maxOrderExpirySeconds) {
    throw new AppError('validation_failed', {
      message: `defaultOrderExpirySeconds must be at most ${options.maxOrderExpirySeconds} (ORDER_MAX_EXPIRY_HOURS).`,
      field: 'defaultOrderExpirySeconds',
    });
  }
  return db.transaction(async (tx) => {
    const row = await loadSettingsRow({ db: tx, forUpdate: true });
    if (!row) throw new AppError('internal_error', { internalMessage: 'settings row missing' });
    if (options.baseVersion !== undefined && options.baseVersion !== row.version) {
      throw new AppError('settings_stale', {
        message: 'The settings changed since you loaded them; reload and apply your change again.',
        details: { version: row.version },
      });
    }
    const before = ZSettingsDocument.parse(row.document ?? {});
    const next: Record<string, unknown> = { ...before };
    const fields: string[] = [];
    for (const [key, value] of Object.entries(options.patch)) {
      if (value === undefined) continue;
      fields.push(key);
      if (value === null) delete next[key];
      else next[key] = value;
    }
    const document = ZSettingsDocument.parse(next);
    if (fields.length === 0) return effectiveSettings(row, options.defaults);
    const version = row.version + 1;
    const updatedAt = new Date();
    await tx
      .update(platformSettings)
      .set({ document, version, updatedBy: actor.id, updatedAt })
      .where(eq(platformSettings.id, SETTINGS_ROW));
    await outbox.append({
      tx,
      type: 'settings.updated',
      aggregateId: SETTINGS_ROW,
      payload: { version, fields: fields.sort(), actorId: actor.id },
    });
    await recordAudit({
      tx,
      actor,
      action: 'settings.updated',
      targetType: 'settings',
      targetId: SETTINGS_ROW,
      before,
      after: document,
    });
    return effectiveSettings(
      { ...row, document, version, updatedBy: actor.id, updatedAt },
      options.defaults,
    );
  });
}
