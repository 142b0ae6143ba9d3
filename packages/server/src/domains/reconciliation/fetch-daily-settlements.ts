import type { Db } from '../../db/client.js';
import type { Logger } from '../../infra/logger.js';
import type { ProviderRegistry } from '../providers/types.js';
import { importSettlementFile } from './import-settlement-file.js';

/**
 * Fetches and imports the daily settlement file of every provider that publishes one. The batch
 * id names the provider and day, and lines are keyed by the provider's ids, so fetching a day
 * again (a retried job, a second process) stores nothing twice. A provider that fails is logged
 * and skipped; its lines then show as missing at the provider until a later fetch brings them.
 */
export async function fetchDailySettlements(options: {
  db: Db;
  providers: ProviderRegistry;
  logger: Logger;
  date: string;
}): Promise<{ provider: string; lines: number; inserted: number }[]> {
  const results: { provider: string; lines: number; inserted: number }[] = [];
  for (const adapter of options.providers.values()) {
    if (!adapter.dailySettlementFile) continue;
    try {
      const csv = await adapter.dailySettlementFile({ date: options.date });
      const imported = await importSettlementFile({
        db: options.db,
        provider: adapter.name,
        csv,
        batchId: `${adapter.name}:${options.date}`,
        modes: adapter.modes,
      });
      results.push({ provider: adapter.name, lines: imported.lines, inserted: imported.inserted });
    } catch (error) {
      options.logger.warn(
        { err: error, provider: adapter.name, date: options.date },
        'settlement file not imported',
      );
    }
  }
  return results;
}
