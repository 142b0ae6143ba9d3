import { desc } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { riskRuleSets } from '../../db/schema/index.js';
import type { Logger } from '../../infra/logger.js';
import { DEFAULT_RULE_SET, type RuleSet, ZRuleSet } from './rules.js';

export type LiveRules = { version: number; ruleSet: RuleSet };

/**
 * The live rules of this process, kept in memory: a decision never reads them from the database.
 * They are reloaded when a decision sees a newer version announced in Redis (a change made by
 * any process), and at least once a minute in the background in case that announcement was lost.
 */
export type RuleCache = {
  /** The live rules, reloading first when `announced` is newer than what is held. */
  current(announced: number | null): Promise<LiveRules>;
  /** Installs rules this process just published. */
  install(live: LiveRules): void;
};

const REFRESH_MS = 60_000;

export async function loadLiveRules(db: Db): Promise<LiveRules> {
  const [row] = await db.select().from(riskRuleSets).orderBy(desc(riskRuleSets.version)).limit(1);
  if (!row) return { version: 0, ruleSet: DEFAULT_RULE_SET };
  return { version: row.version, ruleSet: ZRuleSet.parse(row.rules) };
}

export function createRuleCache(options: { db: Db; logger: Logger }): RuleCache {
  let live: LiveRules | undefined;
  let loadedAt = 0;
  let loading: Promise<LiveRules> | undefined;
  const load = (): Promise<LiveRules> => {
    loading ??= loadLiveRules(options.db)
      .then((loaded) => {
        if (!live || loaded.version >= live.version) live = loaded;
        loadedAt = Date.now();
        return live;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  return {
    async current(announced) {
      if (!live || (announced !== null && announced > live.version)) return load();
      if (Date.now() - loadedAt > REFRESH_MS && !loading) {
        load().catch((error: unknown) =>
          options.logger.warn({ err: error }, 'risk rules refresh failed'),
        );
      }
      return live;
    },
    install(next) {
      if (!live || next.version >= live.version) {
        live = next;
        loadedAt = Date.now();
      }
    },
  };
}
