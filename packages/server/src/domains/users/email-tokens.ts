import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { emailTokens } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import { randomToken, sha256Hex } from '../../infra/secrets.js';

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

const TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 48 * 3600_000,
  // Short: a reset link sitting in a mailbox is a standing invitation to take the account.
  reset_password: 30 * 60_000,
};

/** A single-use token for a mailed link; only its hash is stored. */
export async function issueEmailToken(options: {
  tx: Tx;
  userId: string;
  purpose: EmailTokenPurpose;
}): Promise<string> {
  const token = randomToken(32);
  await options.tx.insert(emailTokens).values({
    id: newId('etk'),
    userId: options.userId,
    purpose: options.purpose,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + TTL_MS[options.purpose]),
  });
  return token;
}

/** Marks a token used and returns its user; unknown, used, expired or other-purpose -> refused. */
export async function consumeEmailToken(options: {
  tx: Tx;
  token: string;
  purpose: EmailTokenPurpose;
}): Promise<string> {
  const where = and(
    eq(emailTokens.tokenHash, sha256Hex(options.token)),
    eq(emailTokens.purpose, options.purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, new Date()),
  );
  const [row] = await options.tx.select().from(emailTokens).where(where).for('update');
  if (!row) {
    throw new AppError('email_token_invalid', {
      message: 'This link is invalid, expired or already used.',
      field: 'token',
    });
  }
  await options.tx
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(eq(emailTokens.id, row.id));
  return row.userId;
}
