import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type MerchantStatus, merchants } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Cache } from '../../infra/cache.js';

/** A merchant as domain code and the cache see it (dates as ISO strings: JSON-safe). */
export type MerchantRecord = {
  id: string;
  businessName: string;
  website: string;
  contactEmail: string;
  callbackUrl: string;
  ipnUrl: string;
  allowedOrigins: string[];
  status: MerchantStatus;
  /** Platform fee per payment, in basis points. */
  feeBps: number;
  /** Orders above this amount need a body signature; null: never. */
  signatureThreshold: number | null;
  /** Failed payment attempts an order may take before it ends as `error_checkout`. */
  maxFailedAttempts: number;
  /** What the hosted checkout shows (see `checkoutBrandOf`). */
  displayName: string | null;
  brandColor: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  termsUrl: string | null;
  privacyUrl: string | null;
  logoId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type MerchantCache = Cache<MerchantRecord>;

type MerchantRow = typeof merchants.$inferSelect;

export function toMerchantRecord(row: MerchantRow): MerchantRecord {
  return {
    id: row.id,
    businessName: row.businessName,
    website: row.website,
    contactEmail: row.contactEmail,
    callbackUrl: row.callbackUrl,
    ipnUrl: row.ipnUrl,
    allowedOrigins: row.allowedOrigins,
    status: row.status,
    feeBps: row.feeBps,
    signatureThreshold: row.signatureThreshold === null ? null : Number(row.signatureThreshold),
    maxFailedAttempts: row.maxFailedAttempts,
    displayName: row.displayName,
    brandColor: row.brandColor,
    supportEmail: row.supportEmail,
    supportUrl: row.supportUrl,
    termsUrl: row.termsUrl,
    privacyUrl: row.privacyUrl,
    logoId: row.logoId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Reads a merchant row, optionally locking it for the rest of the transaction. */
export async function loadMerchantRow(options: {
  tx: DbOrTx;
  merchantId: string;
  forUpdate?: boolean;
}): Promise<MerchantRow> {
  const query = options.tx.select().from(merchants).where(eq(merchants.id, options.merchantId));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  if (!row) throw new AppError('not_found', { message: 'No such merchant.', field: 'merchantId' });
  return row;
}
