import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { staffUsers } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import {
  createSession,
  destroySession,
  type Session,
  type SessionConfig,
} from '../../infra/sessions.js';
import { checkPassword } from '../users/check-password.js';
import { recordAudit } from './record-audit.js';

/** Logs a staff user in with a fresh session id (any presented one is destroyed) and audits it. */
export async function logInStaff(options: {
  db: DbOrTx;
  redis: RedisClient;
  sessions: SessionConfig;
  scrypt: ScryptParams;
  email: string;
  password: string;
  previousSessionId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}): Promise<Session> {
  const { db, redis } = options;
  const [staff] = await db
    .select()
    .from(staffUsers)
    .where(eq(staffUsers.email, options.email.toLowerCase()));
  const ok = await checkPassword({
    password: options.password,
    storedHash: staff?.passwordHash,
    scrypt: options.scrypt,
  });
  if (!ok || !staff || staff.disabledAt) throw new AppError('invalid_credentials');
  if (options.previousSessionId) await destroySession({ redis, id: options.previousSessionId });
  const session = await createSession({
    redis,
    config: options.sessions,
    kind: 'staff',
    userId: staff.id,
  });
  await recordAudit({
    tx: db,
    actor: {
      type: 'staff',
      id: staff.id,
      ip: options.ip,
      userAgent: options.userAgent,
      requestId: options.requestId,
    },
    action: 'staff.logged_in',
    targetType: 'staff_user',
    targetId: staff.id,
    merchantId: staff.merchantId,
  });
  return session;
}
