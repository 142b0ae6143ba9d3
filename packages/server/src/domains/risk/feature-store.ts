import type { RedisClient } from '../../infra/redis.js';
import type { FeatureState } from './features.js';

/** The risk engine's Redis keys (under the deployment's key prefix). */
export const riskKeys = {
  feature: (entity: string) => `risk:f:${entity}`,
  /**
   * Set once the hot copy holds everything the durable copy holds (after a restore). Without it
   * a missing feature key may mean "lost", not "no history", and the default policy decides.
   */
  ready: 'risk:ready',
  hold: (orderId: string) => `risk:hold:${orderId}`,
  merchantFlag: (merchantId: string) => `risk:mflag:${merchantId}`,
  /** The live rule version, so every process notices a change made by another. */
  rulesVersion: 'risk:rules:v',
};

/** A state travels as `<version>|<json>`: one GET reads both, one script compares versions. */
export function encodeState(version: number, state: FeatureState): string {
  return `${version}|${JSON.stringify(state)}`;
}

export function decodeState(raw: string | null): FeatureState | undefined {
  if (raw === null) return undefined;
  const bar = raw.indexOf('|');
  if (bar === -1) return undefined;
  return JSON.parse(raw.slice(bar + 1)) as FeatureState;
}

// Writes only a newer version: a delivery that finished late (or a restore racing the consumer)
// never replaces a state that already counts more events.
const WRITE_NEWER = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local bar = string.find(cur, '|', 1, true)
  if bar and tonumber(string.sub(cur, 1, bar - 1)) >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

export async function writeStates(
  redis: RedisClient,
  states: { entity: string; version: number; state: FeatureState }[],
): Promise<void> {
  await Promise.all(
    states.map((s) =>
      redis.eval(
        WRITE_NEWER,
        1,
        riskKeys.feature(s.entity),
        String(s.version),
        encodeState(s.version, s.state),
      ),
    ),
  );
}
