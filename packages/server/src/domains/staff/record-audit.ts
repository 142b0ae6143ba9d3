import type { DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

/**
 * Who performs an action and from where. `audited` is set once a specific audit row was written,
 * so the authorisation layer only adds its generic row for actions that wrote none.
 */
export type Actor = {
  type: 'staff' | 'system';
  id: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
  audited?: boolean;
};

/** Appends one audit row, in the transaction of the change it describes. */
export async function recordAudit(options: {
  tx: DbOrTx;
  actor: Actor;
  action: string;
  targetType?: string;
  targetId?: string;
  merchantId?: string | null;
  before?: unknown;
  after?: unknown;
}): Promise<void> {
  const { tx, actor } = options;
  await tx.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.id,
    action: options.action,
    targetType: options.targetType ?? null,
    targetId: options.targetId ?? null,
    merchantId: options.merchantId ?? null,
    before: options.before ?? null,
    after: options.after ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
    requestId: actor.requestId ?? null,
  });
  actor.audited = true;
}
