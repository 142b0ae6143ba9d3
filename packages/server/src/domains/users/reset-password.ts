import type { Tx } from '../../db/client.js';
import type { ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import { consumeEmailToken } from './email-tokens.js';
import { storePassword } from './store-password.js';

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
