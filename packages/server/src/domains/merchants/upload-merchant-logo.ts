import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type LogoContentType, merchantLogos, merchants } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { loadMerchantRow, type MerchantRecord, toMerchantRecord } from './merchant-record.js';

/** The largest logo accepted: plenty for a 512 px PNG, small enough to send with every page. */
export const MAX_LOGO_BYTES = 256 * 1024;

/**
 * The image type from the file's first bytes. SVG is refused on purpose: it can carry script,
 * and the checkout must never serve a merchant's file as anything but an inert bitmap.
 */
export function sniffLogoType(bytes: Uint8Array): LogoContentType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/**
 * Stores a merchant's checkout logo and makes it the current one: size- and type-checked by its
 * bytes (PNG, JPEG or WebP, at most 256 KB), under a new id so its URL can be cached forever.
 * Older logos are deleted in the same transaction.
 */
export async function uploadMerchantLogo(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  bytes: Buffer;
}): Promise<MerchantRecord> {
  const { tx, actor, merchantId, bytes } = options;
  if (bytes.length === 0 || bytes.length > MAX_LOGO_BYTES) {
    throw new AppError('validation_failed', {
      message: `The logo must be at most ${MAX_LOGO_BYTES / 1024} KB.`,
      field: 'logo',
      details: { maxBytes: MAX_LOGO_BYTES },
    });
  }
  const contentType = sniffLogoType(bytes);
  if (!contentType) {
    throw new AppError('validation_failed', {
      message: 'The logo must be a PNG, JPEG or WebP image.',
      field: 'logo',
    });
  }
  const before = await loadMerchantRow({ tx, merchantId, forUpdate: true });
  if (before.status === 'closed') {
    throw new AppError('merchant_status_invalid', { message: 'A closed merchant cannot change.' });
  }
  const logoId = newId('logo');
  await tx.insert(merchantLogos).values({ id: logoId, merchantId, contentType, bytes });
  await tx
    .update(merchants)
    .set({ logoId, version: sql`${merchants.version} + 1`, updatedAt: new Date() })
    .where(eq(merchants.id, merchantId));
  await tx
    .delete(merchantLogos)
    .where(sql`${merchantLogos.merchantId} = ${merchantId} and ${merchantLogos.id} <> ${logoId}`);
  const after = await loadMerchantRow({ tx, merchantId });
  await outbox.append({
    tx,
    type: 'merchant.updated',
    aggregateId: merchantId,
    payload: { merchantId, version: after.version, fields: ['logoId'] },
  });
  await recordAudit({
    tx,
    actor,
    action: 'merchant.updated',
    targetType: 'merchant',
    targetId: merchantId,
    merchantId,
    before: { logoId: before.logoId },
    after: { logoId, contentType, bytes: bytes.length },
  });
  return toMerchantRecord(after);
}
