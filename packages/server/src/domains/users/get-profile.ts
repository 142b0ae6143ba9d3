import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

export type Profile = { id: string; email: string; name: string | null; emailVerified: boolean };

/** The shopper's own profile. */
export async function getProfile(options: { db: DbOrTx; userId: string }): Promise<Profile> {
  const [user] = await options.db.select().from(users).where(eq(users.id, options.userId));
  if (!user) throw new AppError('not_found');
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
  };
}
