import type { Mode } from '../../db/schema/index.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import { appendMerchantLog, loggableUrl } from './merchant-log.js';

/**
 * Puts one IPN attempt in its merchant's log (`ducat logs tail`). Never throws: the attempt is
 * already recorded in the database, and a tail line lost to a Redis hiccup must not fail it.
 */
export async function logIpnAttempt(options: {
  redis: RedisClient;
  logger?: Logger | undefined;
  delivery: {
    id: string;
    eventId: string;
    merchantId: string;
    mode: Mode;
    endpointId: string | null;
    type: string;
    url: string;
  };
  trigger: 'schedule' | 'manual' | 'listen';
  result: { attemptedAt: Date; statusCode: number | null; latencyMs: number; error: string | null };
}): Promise<void> {
  const { delivery, result } = options;
  try {
    await appendMerchantLog({
      redis: options.redis,
      scope: { merchantId: delivery.merchantId, mode: delivery.mode },
      entry: {
        kind: 'ipn_attempt',
        time: result.attemptedAt.toISOString(),
        eventId: delivery.eventId,
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        type: delivery.type,
        url: loggableUrl(delivery.url),
        trigger: options.trigger,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        error: result.error,
      },
    });
  } catch (error) {
    options.logger?.warn(
      { err: error, deliveryId: delivery.id },
      'could not append to the merchant log',
    );
  }
}
