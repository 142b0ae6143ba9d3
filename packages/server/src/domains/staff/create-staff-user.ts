import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import {
  MERCHANT_ROLES,
  type MerchantRole,
  type StaffRole,
  staffUsers,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import { loadMerchantRow } from '../merchants/merchant-record.js';
import { type Actor, recordAudit } from './record-audit.js';
import type { StaffMember } from './staff-record.js';

/**
 * Creates a staff user. Merchant roles need a merchant and platform roles must not have one:
 * the pairing is what authorisation relies on to keep merchants apart. The password is hashed
 * before the transaction (user row and audit row) opens.
 */
export async function createStaffUser(options: {
  db: Db;
  actor: Actor;
  scrypt: ScryptParams;
  email: string;
  password: string;
  name?: string | undefined;
  role: StaffRole;
  merchantId?: string | undefined;
}): Promise<StaffMember> {
  const { actor, role } = options;
  const isMerchantRole = (MERCHANT_ROLES as readonly string[]).includes(role);
  const merchantId = options.merchantId ?? null;
  if (isMerchantRole !== (merchantId !== null)) {
    throw new AppError('validation_failed', {
      message: isMerchantRole
        ? `Role ${role} needs a merchantId.`
        : `Role ${role} is a platform role and takes no merchantId.`,
      field: 'merchantId',
    });
  }
  if (merchantId) await loadMerchantRow({ tx: options.db, merchantId });
  const passwordHash = await hashPassword(options.password, options.scrypt);
  const staff: StaffMember = {
    id: newId('stf'),
    email: options.email.toLowerCase(),
    name: options.name ?? null,
    role,
    merchantId,
  };
  return options.db.transaction(async (tx) => {
    try {
      await tx.insert(staffUsers).values({ ...staff, passwordHash });
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new AppError('email_taken', {
          message: 'A staff account with this email already exists.',
          field: 'email',
        });
      }
      throw error;
    }
    await recordAudit({
      tx,
      actor,
      action: 'staff.created',
      targetType: 'staff_user',
      targetId: staff.id,
      merchantId,
      after: staff,
    });
    return staff;
  });
}

export type { MerchantRole };
