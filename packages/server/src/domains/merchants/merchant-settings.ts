import type { Tx } from '../../db/client.js';
import type { Actor } from '../staff/record-audit.js';
import { getMerchant } from './get-merchant.js';
import type { MerchantCache, MerchantRecord } from './merchant-record.js';
import { updateMerchant } from './update-merchant.js';

/** The settings a merchant changes itself (the merchant area's settings and checkout pages). */
export type MerchantSettings = {
  merchantId: string;
  callbackUrl: string;
  ipnUrl: string;
  allowedOrigins: string[];
  signatureThreshold: number | null;
  maxFailedAttempts: number;
  displayName: string | null;
  brandColor: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  termsUrl: string | null;
  privacyUrl: string | null;
  logoUrl: string | null;
  version: number;
  updatedAt: string;
};

export type MerchantSettingsPatch = Partial<
  Omit<MerchantSettings, 'merchantId' | 'logoUrl' | 'version' | 'updatedAt'>
>;

function toMerchantSettings(merchant: MerchantRecord): MerchantSettings {
  return {
    merchantId: merchant.id,
    callbackUrl: merchant.callbackUrl,
    ipnUrl: merchant.ipnUrl,
    allowedOrigins: merchant.allowedOrigins,
    signatureThreshold: merchant.signatureThreshold,
    maxFailedAttempts: merchant.maxFailedAttempts,
    displayName: merchant.displayName,
    brandColor: merchant.brandColor,
    supportEmail: merchant.supportEmail,
    supportUrl: merchant.supportUrl,
    termsUrl: merchant.termsUrl,
    privacyUrl: merchant.privacyUrl,
    logoUrl: merchant.logoId ? `/logos/${merchant.logoId}` : null,
    version: merchant.version,
    updatedAt: merchant.updatedAt,
  };
}

/** A merchant's own settings, through the merchant cache. */
export async function getMerchantSettings(options: {
  cache: MerchantCache;
  merchantId: string;
}): Promise<MerchantSettings> {
  return toMerchantSettings(await getMerchant(options));
}

/**
 * Changes a merchant's own settings: the same write, audit entry and `merchant.updated` event
 * as the merchant area's (`updateMerchant`), limited to the fields a merchant may set itself.
 */
export async function updateMerchantSettings(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  patch: MerchantSettingsPatch;
}): Promise<MerchantSettings> {
  const { tx, actor, merchantId, patch } = options;
  return toMerchantSettings(await updateMerchant({ tx, actor, merchantId, patch }));
}
