import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { hashPassword, needsRehash, type ScryptParams } from '../../infra/password.js';
import type { RedisClient } from '../../infra/redis.js';
import {
  createSession,
  destroySession,
  type Session,
  type SessionConfig,
  sessionGeneration,
} from '../../infra/sessions.js';
import { checkPassword } from './check-password.js';

/**
 * Logs a shopper in. The session id always changes at login (any session the browser
 * presented is destroyed), so an id planted before login is worthless after it.
 */
export async function logInShopper(options: {
  db: DbOrTx;
  redis: RedisClient;
  sessions: SessionConfig;
  scrypt: ScryptParams;
  email: string;
  password: string;
  previousSessionId?: string | undefined;
}): Promise<Session> {
  const { db, redis } = options;
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, options.email.toLowerCase()));
  // Taken before the password check: if the password changes meanwhile, the revoke-all bumps
  // the generation and the session made below is stale from birth.
  const generation = user
    ? await sessionGeneration({ redis, kind: 'shopper', userId: user.id })
    : 0;
  const ok = await checkPassword({
    password: options.password,
    storedHash: user?.passwordHash,
    scrypt: options.scrypt,
  });
  if (!ok || !user) throw new AppError('invalid_credentials');
  const [current] = await db
    .select({ passwordHash: users.passwordHash, lockedAt: users.lockedAt })
    .from(users)
    .where(eq(users.id, user.id));
  // The password changed while we checked the old one: that log-in is refused.
  if (current?.passwordHash !== user.passwordHash) throw new AppError('invalid_credentials');
  // Told only to whoever knows the password: it reveals nothing to a guesser.
  if (current.lockedAt) throw new AppError('account_locked');
  // Hashes made under older, weaker parameters are upgraded while the password is at hand.
  if (needsRehash(user.passwordHash, options.scrypt)) {
    const passwordHash = await hashPassword(options.password, options.scrypt);
    await db.update(users).set({ passwordHash }).where(eq(users.id, user.id));
  }
  if (options.previousSessionId) await destroySession({ redis, id: options.previousSessionId });
  return createSession({
    redis,
    config: options.sessions,
    kind: 'shopper',
    userId: user.id,
    generation,
  });
}
