import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { staffUsers } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import {
  createSession,
  destroyUserSessions,
  type Session,
  type SessionConfig,
} from '../../infra/sessions.js';
import { checkPassword } from '../users/check-password.js';
import { type Actor, recordAudit } from './record-audit.js';

/**
 * A logged-in staff user changes their own password, proving the current one: every staff
 * session of theirs ends (other browsers are logged out) and the caller gets a fresh one. Audited,
 * without either password.
 */
export async function changeStaffPassword(options: {
  db: Db;
  redis: RedisClient;
  scrypt: ScryptParams;
  sessions: SessionConfig;
  actor: Actor;
  currentPassword: string;
  password: string;
}): Promise<Session> {
  const { db, redis, actor } = options;
  const staffId = actor.id;
  const [staff] = await db
    .select({
      passwordHash: staffUsers.passwordHash,
      merchantId: staffUsers.merchantId,
      disabledAt: staffUsers.disabledAt,
    })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  const ok = await checkPassword({
    password: options.currentPassword,
    storedHash: staff?.passwordHash,
    scrypt: options.scrypt,
  });
  if (!ok || !staff || staff.disabledAt) {
    throw new AppError('invalid_credentials', { field: 'currentPassword' });
  }
  if (options.password === options.currentPassword) {
    throw new AppError('validation_failed', {
      message: 'Choose a password different from the current one.',
      field: 'password',
    });
  }
  const passwordHash = await hashPassword(options.password, options.scrypt);
  await db.transaction(async (tx) => {
    await tx
      .update(staffUsers)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(staffUsers.id, staffId));
    await recordAudit({
      tx,
      actor,
      action: 'staff.password_changed',
      targetType: 'staff_user',
      targetId: staffId,
      merchantId: staff.merchantId,
    });
  });
  await destroyUserSessions({ redis, kind: 'staff', userId: staffId });
  return createSession({ redis, config: options.sessions, kind: 'staff', userId: staffId });
}
