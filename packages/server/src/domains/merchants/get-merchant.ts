import { AppError } from '../../errors.js';
import type { MerchantCache, MerchantRecord } from './merchant-record.js';

/** A merchant by id, through the Redis cache (invalidated by every merchant write). */
export async function getMerchant(options: {
  cache: MerchantCache;
  merchantId: string;
}): Promise<MerchantRecord> {
  const merchant = await options.cache.get(options.merchantId);
  if (!merchant) {
    throw new AppError('not_found', { message: 'No such merchant.', field: 'merchantId' });
  }
  return merchant;
}
