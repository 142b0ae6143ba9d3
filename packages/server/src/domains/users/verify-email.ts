import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { consumeEmailToken } from './email-tokens.js';

/** Confirms the address from the mailed link. */
export async function verifyEmail(options: { tx: Tx; token: string }): Promise<{ userId: string }> {
  const userId = await consumeEmailToken({ ...options, purpose: 'verify_email' });
  await options.tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId));
  return { userId };
}
