import { desc } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { riskRuleSets } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import { getDisplayNames } from '../merchants/display-names.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { riskKeys } from './feature-store.js';
import { type LiveRules, loadLiveRules, type RuleCache } from './rule-store.js';
import { type RuleSetInput, ZRuleSet } from './rules.js';

export type RuleVersionSummary = {
  version: number;
  createdBy: string;
  /** The staff member's name (or email); null for a seed or a system actor. */
  createdByName: string | null;
  note: string | null;
  createdAt: string;
};

/** The live rules (version 0 with the default policy until an admin publishes some). */
export function getRiskRules(options: { db: Db }): Promise<LiveRules> {
  return loadLiveRules(options.db);
}

export async function listRiskRuleVersions(options: {
  db: Db;
  limit: number;
}): Promise<RuleVersionSummary[]> {
  const rows = await options.db
    .select({
      version: riskRuleSets.version,
      createdBy: riskRuleSets.createdBy,
      note: riskRuleSets.note,
      createdAt: riskRuleSets.createdAt,
    })
    .from(riskRuleSets)
    .orderBy(desc(riskRuleSets.version))
    .limit(options.limit);
  const names = await getDisplayNames({ db: options.db, staffIds: rows.map((r) => r.createdBy) });
  return rows.map((r) => ({
    ...r,
    createdByName: names.staff.get(r.createdBy) ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * Publishes a whole new rule set as the next version (old versions stay, so every stored decision
 * can be explained). `baseVersion` is the version the admin edited: if someone published since,
 * the change is refused with `risk_rules_stale` instead of silently undoing theirs. Audited with
 * before and after; announced in Redis so every process picks it up at its next decision.
 */
export async function publishRiskRules(options: {
  db: Db;
  redis: RedisClient;
  logger: Logger;
  cache?: RuleCache | undefined;
  actor: Actor;
  baseVersion: number;
  ruleSet: RuleSetInput;
  note?: string | undefined;
}): Promise<LiveRules> {
  const parsed = ZRuleSet.safeParse(options.ruleSet);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('validation_failed', {
      message: `Invalid rules: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      field: ['ruleSet', ...(issue?.path ?? [])].join('.'),
    });
  }
  const ruleSet = parsed.data;
  let live: LiveRules;
  try {
    live = await options.db.transaction(async (tx) => {
      const [latest] = await tx
        .select()
        .from(riskRuleSets)
        .orderBy(desc(riskRuleSets.version))
        .limit(1)
        .for('update');
      const current = latest?.version ?? 0;
      if (current !== options.baseVersion) {
        throw new AppError('risk_rules_stale', {
          message: `The rules changed since version ${options.baseVersion} (now ${current}); reload and edit again.`,
          field: 'baseVersion',
        });
      }
      const version = current + 1;
      await tx.insert(riskRuleSets).values({
        version,
        rules: ruleSet,
        createdBy: options.actor.id,
        note: options.note ?? null,
      });
      await recordAudit({
        tx,
        actor: options.actor,
        action: 'risk.rules.publish',
        targetType: 'risk_rules',
        targetId: String(version),
        before: latest ? { version: current, rules: latest.rules } : { version: 0 },
        after: { version, rules: ruleSet },
      });
      return { version, ruleSet };
    });
  } catch (error) {
    // Two first publications at once: the table was empty, so no row lock ordered them.
    if (isDuplicateKey(error)) {
      throw new AppError('risk_rules_stale', {
        message: 'The rules changed meanwhile; reload and edit again.',
        field: 'baseVersion',
      });
    }
    throw error;
  }
  options.cache?.install(live);
  await options.redis
    .set(riskKeys.rulesVersion, String(live.version))
    .catch((error: unknown) =>
      options.logger.warn({ err: error }, 'risk rules version not announced'),
    );
  return live;
}
