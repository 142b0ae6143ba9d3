import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { mailboxMessages } from '../db/schema/index.js';
import { AppError } from '../errors.js';

export type MailboxMessage = {
  id: number;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
};

/** The development mailbox of one address, newest first. Refused outside development. */
export async function readMailbox(options: {
  db: DbOrTx;
  readable: boolean;
  to: string;
}): Promise<MailboxMessage[]> {
  if (!options.readable) throw new AppError('not_found');
  const rows = await options.db
    .select()
    .from(mailboxMessages)
    .where(eq(mailboxMessages.to, options.to.toLowerCase()))
    .orderBy(desc(mailboxMessages.id))
    .limit(20);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
