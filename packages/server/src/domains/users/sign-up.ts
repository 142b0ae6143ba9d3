import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { users } from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';
import type { Mailer } from '../../infra/mailer.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import { issueEmailToken } from './email-tokens.js';

/**
 * Creates a shopper account and mails a verification link. Signing up with an address that
 * already has an account answers the same (and mails its owner instead), so sign-up cannot be
 * used to find out who has an account.
 */
export async function signUp(options: {
  tx: Tx;
  mailer: Mailer;
  scrypt: ScryptParams;
  publicUrl: string;
  email: string;
  password: string;
  name?: string | undefined;
}): Promise<{ accepted: true }> {
  const { tx, mailer } = options;
  const email = options.email.toLowerCase();
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) {
    await mailer.send({
      to: email,
      subject: 'Someone tried to sign up with your email',
      text: 'You already have a Ducat account. If this was you, log in or reset your password.',
    });
    return { accepted: true };
  }
  const id = newId('usr');
  const passwordHash = await hashPassword(options.password, options.scrypt);
  try {
    await tx.insert(users).values({ id, email, name: options.name ?? null, passwordHash });
  } catch (error) {
    // A concurrent sign-up with the same address won the race: same answer as above.
    if (isDuplicateKey(error)) return { accepted: true };
    throw error;
  }
  const token = await issueEmailToken({ tx, userId: id, purpose: 'verify_email' });
  await mailer.send({
    to: email,
    subject: 'Verify your email',
    text: `Welcome to Ducat. Verify your email: ${options.publicUrl}/verify-email?token=${token}\n\nverification token: ${token}`,
  });
  return { accepted: true };
}
