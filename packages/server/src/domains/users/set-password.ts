import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import {
  createSession,
  destroyUserSessions,
  type Session,
  type SessionConfig,
} from '../../infra/sessions.js';
import { checkPassword } from './check-password.js';
import { consumeEmailToken } from './email-tokens.js';

async function storePassword(options: {
  tx: Tx;
  redis: RedisClient;
  scrypt: ScryptParams;
  userId: string;
  password: string;
}): Promise<void> {
  const passwordHash = await hashPassword(options.password, options.scrypt);
  const now = new Date();
  await options.tx
    .update(users)
    .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
    .where(eq(users.id, options.userId));
  // Whoever knew the old password may hold a session: every session ends.
  await destroyUserSessions({ redis: options.redis, kind: 'shopper', userId: options.userId });
}

/** Sets a new password from a mailed reset token; every session of the account ends. */
export async function resetPassword(options: {
  tx: Tx;
  redis: RedisClient;
  scrypt: ScryptParams;
  token: string;
  password: string;
}): Promise<{ userId: string }> {
  const userId = await consumeEmailToken({
    tx: options.tx,
    token: options.token,
    purpose: 'reset_password',
  });
  await storePassword({ ...options, userId });
  return { userId };
}

/**
 * A logged-in shopper changes their password: every session ends (this one included) and the
 * caller gets a fresh one, so other devices are logged out.
 */
export async function changePassword(options: {
  tx: Tx;
  redis: RedisClient;
  scrypt: ScryptParams;
  sessions: SessionConfig;
  userId: string;
  currentPassword: string;
  password: string;
}): Promise<Session> {
  const { tx, userId } = options;
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  const ok = await checkPassword({
    password: options.currentPassword,
    storedHash: user?.passwordHash,
    scrypt: options.scrypt,
  });
  if (!ok) throw new AppError('invalid_credentials', { field: 'currentPassword' });
  await storePassword({ ...options, password: options.password });
  return createSession({ redis: options.redis, config: options.sessions, kind: 'shopper', userId });
}
