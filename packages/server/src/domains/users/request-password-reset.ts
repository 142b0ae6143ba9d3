import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import type { Mailer } from '../../infra/mailer.js';
import { issueEmailToken } from './email-tokens.js';

/**
 * Mails a reset link when the account exists; answers the same either way, and as fast: the
 * token and the mail (an SMTP round trip) are produced after the answer, so response timing
 * cannot tell which addresses have accounts. `sent` resolves when that work is done (tests).
 */
export async function requestPasswordReset(options: {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  email: string;
  onError?: (error: unknown) => void;
}): Promise<{ accepted: true; sent: Promise<void> }> {
  const { db } = options;
  const email = options.email.toLowerCase();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const sent = (async () => {
    if (!user) return;
    const token = await db.transaction((tx) =>
      issueEmailToken({ tx, userId: user.id, purpose: 'reset_password' }),
    );
    await options.mailer.send({
      to: email,
      subject: 'Reset your password',
      text: `Reset your Ducat password (valid 30 minutes): ${options.publicUrl}/reset-password?token=${token}\n\nreset token: ${token}`,
    });
  })().catch((error: unknown) => options.onError?.(error));
  return { accepted: true, sent };
}
