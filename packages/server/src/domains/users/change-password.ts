import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
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
import { storePassword } from './store-password.js';

/**
 * A logged-in shopper changes their password: every session ends (this one included) and the
 * caller gets a fresh one, so other devices are logged out.
 */
export async function changePassword(options: {
  db: Db;
  redis: RedisClient;
  scrypt: ScryptParams;
  sessions: SessionConfig;
  userId: string;
  currentPassword: string;
  password: string;
}): Promise<Session> {
  const { db, redis, userId } = options;
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  const ok = await checkPassword({
    password: options.currentPassword,
    storedHash: user?.passwordHash,
    scrypt: options.scrypt,
  });
  if (!ok) throw new AppError('invalid_credentials', { field: 'currentPassword' });
  const passwordHash = await hashPassword(options.password, options.scrypt);
  await db.transaction((tx) => storePassword({ tx, userId, passwordHash }));
  await destroyUserSessions({ redis, kind: 'shopper', userId });
  return createSession({ redis, config: options.sessions, kind: 'shopper', userId });
}
