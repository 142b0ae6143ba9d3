import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { users } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import type { Mailer } from '../../infra/mailer.js';
import { hashPassword, type ScryptParams } from '../../infra/password.js';
import { issueEmailToken } from './email-tokens.js';

const ALREADY_REGISTERED = {
  subject: 'Someone tried to sign up with your email',
  text: 'You already have a Ducat account. If this was you, log in or reset your password.',
};

/**
 * Creates a shopper account and mails a verification link. Signing up with an address that
 * already has an account answers the same (and mails its owner instead), so sign-up cannot be
 * used to find out who has an account. The password is hashed before the transaction opens and
 * mail leaves only after it committed.
 */
export async function signUp(options: {
  db: Db;
  mailer: Mailer;
  scrypt: ScryptParams;
  publicUrl: string;
  email: string;
  password: string;
  name?: string | undefined;
}): Promise<{ accepted: true }> {
  const { db, mailer } = options;
  const email = options.email.toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  // Hash either way: answering faster for taken addresses would tell them apart.
  const passwordHash = await hashPassword(options.password, options.scrypt);
  if (existing) {
    await mailer.send({ to: email, ...ALREADY_REGISTERED });
    return { accepted: true };
  }
  const id = newId('usr');
  let token: string;
  try {
    token = await db.transaction(async (tx) => {
      await tx.insert(users).values({ id, email, name: options.name ?? null, passwordHash });
      await outbox.append({ tx, type: 'user.signed_up', aggregateId: id, payload: { userId: id } });
      return issueEmailToken({ tx, userId: id, purpose: 'verify_email' });
    });
  } catch (error) {
    // A concurrent sign-up with the same address won the race: same answer as above.
    if (!isDuplicateKey(error)) throw error;
    await mailer.send({ to: email, ...ALREADY_REGISTERED });
    return { accepted: true };
  }
  await mailer.send({
    to: email,
    subject: 'Verify your email',
    text: `Welcome to Ducat. Verify your email: ${options.publicUrl}/verify-email?token=${token}\n\nverification token: ${token}`,
  });
  return { accepted: true };
}
