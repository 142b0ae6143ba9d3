import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { ledgerAccounts } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { invalidInput } from './errors.js';
import { ZOpenAccount } from './schemas.js';
import type { Account, AccountKind, Mode, OwnerType } from './types.js';

/** System accounts hold the other side of money entering or leaving: they may go negative. */
const MAY_GO_NEGATIVE: ReadonlySet<AccountKind> = new Set([
  'provider_clearing',
  'payout_clearing',
  'platform_fees',
  'suspense',
]);

function toAccount(row: typeof ledgerAccounts.$inferSelect): Account {
  const { postingSeq: _postingSeq, ...account } = row;
  return {
    ...account,
    balance: Number(row.balance),
    pendingDebits: Number(row.pendingDebits),
    pendingCredits: Number(row.pendingCredits),
  };
}

/**
 * Opens the account of an owner for a kind, currency and mode, or returns it if it exists (one
 * account per owner, kind, currency and mode; concurrent openers get the same account).
 */
export async function openAccount(options: {
  db: Db;
  ownerType: OwnerType;
  ownerId: string;
  kind: AccountKind;
  currency: string;
  mode?: Mode;
}): Promise<Account> {
  const parsed = ZOpenAccount.safeParse(options);
  if (!parsed.success) throw invalidInput(parsed.error);
  const input = parsed.data;
  const where = and(
    eq(ledgerAccounts.ownerType, input.ownerType),
    eq(ledgerAccounts.ownerId, input.ownerId),
    eq(ledgerAccounts.kind, input.kind),
    eq(ledgerAccounts.currency, input.currency),
    eq(ledgerAccounts.mode, input.mode),
  );
  const [existing] = await options.db.select().from(ledgerAccounts).where(where).limit(1);
  if (existing) return toAccount(existing);
  const id = newId('acc');
  try {
    await options.db.transaction(async (tx) => {
      await tx.insert(ledgerAccounts).values({
        id,
        ...input,
        allowNegative: MAY_GO_NEGATIVE.has(input.kind),
      });
      await outbox.append({
        tx,
        type: 'ledger.account_opened',
        aggregateId: id,
        payload: { accountId: id, ...input },
      });
    });
  } catch (error) {
    // A concurrent opener won: fall through and read its account.
    if (!isDuplicateKey(error)) throw error;
  }
  const [row] = await options.db.select().from(ledgerAccounts).where(where).limit(1);
  if (!row) throw new Error('account vanished after insert');
  return toAccount(row);
}

/**
 * A platform or provider system account (clearing per provider, payout clearing, fees, suspense).
 * `provider` names the provider for provider clearing accounts.
 */
export function openSystemAccount(options: {
  db: Db;
  kind: Exclude<AccountKind, 'shopper_wallet' | 'merchant_balance'>;
  currency: string;
  mode?: Mode;
  provider?: string;
}): Promise<Account> {
  const isProvider = options.kind === 'provider_clearing';
  if (isProvider && !options.provider) {
    throw new Error('provider_clearing accounts need a provider name');
  }
  return openAccount({
    db: options.db,
    ownerType: isProvider ? 'provider' : 'platform',
    ownerId: isProvider ? (options.provider ?? '') : '',
    kind: options.kind,
    currency: options.currency,
    mode: options.mode ?? 'test',
  });
}

/** Closes an account: it takes part in no new transfer (pending ones can still settle). */
export async function closeAccount(options: { db: Db; accountId: string }): Promise<void> {
  await options.db
    .update(ledgerAccounts)
    .set({ status: 'closed', version: sql`${ledgerAccounts.version} + 1` })
    .where(eq(ledgerAccounts.id, options.accountId));
}
