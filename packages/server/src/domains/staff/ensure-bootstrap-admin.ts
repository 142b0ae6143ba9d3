import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { staffUsers } from '../../db/schema/index.js';
import { isAppError } from '../../errors.js';
import type { ScryptParams } from '../../infra/password.js';
import { createStaffUser } from './create-staff-user.js';

/**
 * On first start, creates the first platform admin from configuration. Does nothing once any
 * admin exists, so changing the configured password later never resets a real account.
 */
export async function ensureBootstrapAdmin(options: {
  db: Db;
  scrypt: ScryptParams;
  email: string | undefined;
  password: string | undefined;
}): Promise<'created' | 'exists' | 'not_configured'> {
  const { db } = options;
  const [admin] = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(eq(staffUsers.role, 'admin'))
    .limit(1);
  if (admin) return 'exists';
  if (!options.email || !options.password) return 'not_configured';
  const { email, password } = options;
  try {
    await createStaffUser({
      db,
      actor: { type: 'system', id: 'bootstrap' },
      scrypt: options.scrypt,
      email,
      password,
      name: 'Administrator',
      role: 'admin',
    });
  } catch (error) {
    // Two instances starting together: the other one created it.
    if (isAppError(error) && error.code === 'email_taken') return 'exists';
    throw error;
  }
  return 'created';
}
