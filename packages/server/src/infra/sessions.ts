import type { RedisClient } from './redis.js';
import { randomToken, sha256Hex } from './secrets.js';

export type SessionKind = 'shopper' | 'staff';

export type SessionData = {
  kind: SessionKind;
  userId: string;
  /** Synchronizer token: cookie-authenticated mutations must echo it in `x-csrf-token`. */
  csrfToken: string;
  createdAt: number;
  absoluteExpiresAt: number;
  /**
   * The user's session generation when the session was made. Revoke-all bumps it, so a session
   * created by a log-in that raced a password change (checked the old password, stored its
   * session after the revoke) is still dead on arrival.
   */
  generation?: number;
};

export type Session = SessionData & { id: string };

export type SessionConfig = { idleSeconds: number; absoluteSeconds: number };

/*
 * Redis keys hold the sha256 of the session id, never the id itself: whoever can read Redis
 * still cannot present a session cookie.
 */
const sessionKey = (id: string) => `sess:${sha256Hex(id)}`;
const userIndexKey = (kind: SessionKind, userId: string) => `user-sess:${kind}:${userId}`;
const generationKey = (kind: SessionKind, userId: string) => `user-gen:${kind}:${userId}`;

/** The user's current session generation (0 until the first revoke-all). */
export async function sessionGeneration(options: {
  redis: RedisClient;
  kind: SessionKind;
  userId: string;
}): Promise<number> {
  return Number((await options.redis.get(generationKey(options.kind, options.userId))) ?? 0);
}

/** A new session with a fresh random id (256 bits). */
export async function createSession(options: {
  redis: RedisClient;
  config: SessionConfig;
  kind: SessionKind;
  userId: string;
  /** Snapshot taken before the credentials were checked (log-in); defaults to the current one. */
  generation?: number;
}): Promise<Session> {
  const { redis, config, kind, userId } = options;
  const generation = options.generation ?? (await sessionGeneration({ redis, kind, userId }));
  const id = randomToken(32);
  const now = Date.now();
  const data: SessionData = {
    kind,
    userId,
    csrfToken: randomToken(24),
    createdAt: now,
    absoluteExpiresAt: now + config.absoluteSeconds * 1000,
    generation,
  };
  const hashed = sha256Hex(id);
  // The session key and the user's index live in different hash slots on Redis Cluster, so no
  // MULTI spans them. The index entry is written first: a crash in between leaves a harmless
  // dangling entry, never a session that revoke-all cannot find.
  const index = userIndexKey(kind, userId);
  await redis.sadd(index, hashed);
  await redis.expire(index, config.absoluteSeconds);
  await redis.set(
    sessionKey(id),
    JSON.stringify(data),
    'EX',
    Math.min(config.idleSeconds, config.absoluteSeconds),
  );
  return { id, ...data };
}

/** The live session for an id, sliding its idle expiry; undefined when expired or unknown. */
export async function readSession(options: {
  redis: RedisClient;
  config: SessionConfig;
  id: string;
  kind: SessionKind;
}): Promise<Session | undefined> {
  const { redis, config, id, kind } = options;
  const raw = await redis.get(sessionKey(id));
  if (raw === null) return undefined;
  const data = JSON.parse(raw) as SessionData;
  const now = Date.now();
  if (data.kind !== kind || data.absoluteExpiresAt <= now) {
    if (data.absoluteExpiresAt <= now) await redis.del(sessionKey(id));
    return undefined;
  }
  const current = await sessionGeneration({ redis, kind: data.kind, userId: data.userId });
  if ((data.generation ?? 0) !== current) {
    await redis.del(sessionKey(id));
    return undefined;
  }
  const remaining = Math.ceil((data.absoluteExpiresAt - now) / 1000);
  await redis.expire(sessionKey(id), Math.max(1, Math.min(config.idleSeconds, remaining)));
  return { id, ...data };
}

export async function destroySession(options: { redis: RedisClient; id: string }): Promise<void> {
  const { redis, id } = options;
  const raw = await redis.get(sessionKey(id));
  await redis.del(sessionKey(id));
  if (raw !== null) {
    const data = JSON.parse(raw) as SessionData;
    await redis.srem(userIndexKey(data.kind, data.userId), sha256Hex(id));
  }
}

/** Ends every session of a user (password change or reset, staff disabled). */
export async function destroyUserSessions(options: {
  redis: RedisClient;
  kind: SessionKind;
  userId: string;
}): Promise<number> {
  const { redis, kind, userId } = options;
  // First make every existing (and any in-flight) session of the user stale, then delete them.
  await redis.incr(generationKey(kind, userId));
  const index = userIndexKey(kind, userId);
  const hashes = await redis.smembers(index);
  if (hashes.length === 0) return 0;
  // One key per DEL: on Redis Cluster a multi-key DEL must stay within one hash slot.
  const removed = await Promise.all(hashes.map((h) => redis.del(`sess:${h}`)));
  await redis.del(index);
  return removed.reduce((sum, n) => sum + n, 0);
}
