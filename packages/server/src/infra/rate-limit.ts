import { AppError } from '../errors.js';
import type { RedisClient } from './redis.js';

export type RateLimitRule = { limit: number; periodSeconds: number };

/**
 * GCRA (generic cell rate algorithm) in one Lua script, so check-and-update is atomic across
 * every server process: one key per subject holding the "theoretical arrival time". Requests
 * are spread evenly over the period with a burst of up to `limit`. Time comes from Redis (TIME)
 * so server clocks need not agree.
 */
const GCRA = `
local key = KEYS[1]
local emission = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', key) or now)
if tat < now then tat = now end
local new_tat = tat + emission
local allow_at = new_tat - burst * emission
if allow_at > now then
  return {0, allow_at - now}
end
-- At least 1 ms: with very high limits the emission interval is a fraction of a millisecond,
-- and PX 0 is an error.
redis.call('SET', key, new_tat, 'PX', math.max(1, math.ceil(new_tat - now)))
return {1, 0}
`;

export type RateLimitResult = { allowed: boolean; retryAfterMs: number };

export async function checkRateLimit(options: {
  redis: RedisClient;
  name: string;
  subject: string;
  rule: RateLimitRule;
}): Promise<RateLimitResult> {
  const { redis, name, subject, rule } = options;
  const emissionMs = (rule.periodSeconds * 1000) / rule.limit;
  const result = (await redis.eval(
    GCRA,
    1,
    `rl:${name}:${subject}`,
    String(emissionMs),
    String(rule.limit),
  )) as [number, number];
  return { allowed: result[0] === 1, retryAfterMs: Math.max(0, Math.ceil(Number(result[1]))) };
}

/** Checks every subject (e.g. per IP and per account); the first refusal throws `rate_limited`. */
export async function enforceRateLimit(options: {
  redis: RedisClient;
  name: string;
  subjects: string[];
  rule: RateLimitRule;
}): Promise<void> {
  for (const subject of options.subjects) {
    const result = await checkRateLimit({ ...options, subject });
    if (!result.allowed) {
      throw new AppError('rate_limited', {
        internalMessage: `rate limit ${options.name} for ${subject}`,
        details: {
          limit: options.name,
          retryAfterMs: result.retryAfterMs,
          retryAfterSeconds: Math.ceil(result.retryAfterMs / 1000),
        },
      });
    }
  }
}

/**
 * A sliding-window counter in one Redis hash (cluster-safe: one key): the estimate is the
 * previous window's count weighted by how much of it still overlaps the last `period`, plus the
 * current window's. `add` 0 only reads; 1 counts one more event. Time comes from Redis.
 */
const SLIDING_WINDOW = `
local key = KEYS[1]
local window = tonumber(ARGV[1])
local add = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local idx = math.floor(now / window)
local v = redis.call('HMGET', key, 'w', 'c', 'p')
local w = tonumber(v[1]) or idx
local c = tonumber(v[2]) or 0
local p = tonumber(v[3]) or 0
if w == idx - 1 then
  p = c
  c = 0
elseif w < idx - 1 then
  p = 0
  c = 0
end
c = c + add
if add > 0 or w ~= idx then
  redis.call('HSET', key, 'w', idx, 'c', c, 'p', p)
  redis.call('PEXPIRE', key, window * 2)
end
local into = now % window
local estimate = p * (window - into) / window + c
return {tostring(estimate), window - into}
`;

/** How many events the sliding window holds now (and ms until the current window ends). */
export async function slidingWindowCount(options: {
  redis: RedisClient;
  key: string;
  periodSeconds: number;
  add: 0 | 1;
}): Promise<{ count: number; windowEndsInMs: number }> {
  const result = (await options.redis.eval(
    SLIDING_WINDOW,
    1,
    options.key,
    String(options.periodSeconds * 1000),
    String(options.add),
  )) as [string, number];
  return { count: Number(result[0]), windowEndsInMs: Number(result[1]) };
}
