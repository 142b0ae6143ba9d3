import type { Db } from '../../db/client.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import { destroyUserSessions } from '../../infra/sessions.js';
import { consumeEmailToken } from './email-tokens.js';
import { storePassword } from './store-password.js';

/** Sets a new password from a mailed reset token; every session of the account ends. */
export async function resetPassword(options: {
  db: Db;
  redis: RedisClient;
  scrypt: ScryptParams;
  token: string;
  password: string;
}): Promise<{ userId: string }> {
  const passwordHash = await hashPassword(options.password, options.scrypt);
  const userId = await options.db.transaction(async (tx) => {
    const owner = await consumeEmailToken({ tx, token: options.token, purpose: 'reset_password' });
    await storePassword({ tx, userId: owner, passwordHash });
    return owner;
  });
  // Whoever knew the old password may hold a session: every session ends.
  await destroyUserSessions({ redis: options.redis, kind: 'shopper', userId });
  return { userId };
}
