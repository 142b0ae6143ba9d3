import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import { createSession, type Session, type SessionConfig } from '../../infra/sessions.js';
import { checkPassword } from './check-password.js';
import { storePassword } from './store-password.js';

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
