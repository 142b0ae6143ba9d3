import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { getProfile, type Profile } from './get-profile.js';

/** Changes what a shopper may change about themselves (the email changes through support). */
export async function updateProfile(options: {
  db: DbOrTx;
  userId: string;
  name: string | null;
}): Promise<Profile> {
  await options.db
    .update(users)
    .set({ name: options.name, updatedAt: new Date() })
    .where(eq(users.id, options.userId));
  return getProfile(options);
}
