import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import { destroyUserSessions } from '../../infra/sessions.js';

/** Stores a new password hash and ends every session of the account. */
export async function storePassword(options: {
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
