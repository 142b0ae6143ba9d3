import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { merchants, staffUsers } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import { syncPrimaryEndpoints } from '../webhooks/sync-primary-endpoints.js';

export type MerchantApplication = {
  businessName: string;
  website: string;
  contactEmail: string;
  callbackUrl: string;
  ipnUrl: string;
  allowedOrigins: string[];
  owner: { email: string; password: string; name?: string | undefined };
};

/**
 * A business applies: the merchant starts `pending` (an admin activates it) and its first staff
 * user, the owner, is created with it so the applicant can log in and follow the application.
 * The password is hashed before the transaction opens (scrypt takes a while; a connection
 * should not wait on it).
 */
export async function applyMerchant(options: {
  db: Db;
  application: MerchantApplication;
  scrypt: ScryptParams;
}): Promise<{ merchantId: string; ownerId: string }> {
  const { application } = options;
  const merchantId = newId('mch');
  const ownerId = newId('stf');
  const passwordHash = await hashPassword(application.owner.password, options.scrypt);
  return options.db.transaction(async (tx) => {
    await tx.insert(merchants).values({
      id: merchantId,
      businessName: application.businessName,
      website: application.website,
      contactEmail: application.contactEmail.toLowerCase(),
      callbackUrl: application.callbackUrl,
      ipnUrl: application.ipnUrl,
      allowedOrigins: application.allowedOrigins,
      status: 'pending',
    });
    await syncPrimaryEndpoints({ tx, merchantId, ipnUrl: application.ipnUrl });
    try {
      await tx.insert(staffUsers).values({
        id: ownerId,
        email: application.owner.email.toLowerCase(),
        name: application.owner.name ?? null,
        passwordHash,
        role: 'owner',
        merchantId,
      });
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new AppError('email_taken', {
          message: 'A staff account with this email already exists.',
          field: 'owner.email',
        });
      }
      throw error;
    }
    await outbox.append({
      tx,
      type: 'merchant.applied',
      aggregateId: merchantId,
      payload: { merchantId, businessName: application.businessName, website: application.website },
    });
    return { merchantId, ownerId };
  });
}
