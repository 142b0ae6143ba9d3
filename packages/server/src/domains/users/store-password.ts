import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';

/** Stores a new password hash (computed before the transaction) and stamps the change. */
export async function storePassword(options: {
  tx: Tx;
  userId: string;
  passwordHash: string;
}): Promise<void> {
  const now = new Date();
  await options.tx
    .update(users)
    .set({ passwordHash: options.passwordHash, passwordChangedAt: now, updatedAt: now })
    .where(eq(users.id, options.userId));
}
