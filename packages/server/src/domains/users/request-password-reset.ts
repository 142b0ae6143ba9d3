import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import type { Mailer } from '../../infra/mailer.js';
import { issueEmailToken } from './email-tokens.js';

/** Mails a reset link when the account exists; answers the same either way. */
export async function requestPasswordReset(options: {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  email: string;
}): Promise<{ accepted: true }> {
  const { db } = options;
  const email = options.email.toLowerCase();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (user) {
    const token = await db.transaction((tx) =>
      issueEmailToken({ tx, userId: user.id, purpose: 'reset_password' }),
    );
    await options.mailer.send({
      to: email,
      subject: 'Reset your password',
      text: `Reset your Ducat password (valid 30 minutes): ${options.publicUrl}/reset-password?token=${token}\n\nreset token: ${token}`,
    });
  }
  return { accepted: true };
}
