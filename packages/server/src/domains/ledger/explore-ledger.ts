import { eq, gte, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Page, type PageRequest, type PageTotal, pageOf } from '../../db/paginate.js';
import {
  type ACCOUNT_KINDS,
  ledgerAccounts,
  ledgerTransfers,
  type Mode,
  type OWNER_TYPES,
  type TRANSFER_STATUSES,
} from '../../db/schema/index.js';
import { idBoundAt } from '../../infra/id.js';
import { getDisplayNames } from '../merchants/display-names.js';
import { listPostings } from './balances.js';
import { type TransferView, transferView } from './transfer-view.js';
import { toTransferRecord } from './transfers.js';
import type { TransferKind } from './types.js';

export const ACCOUNT_SORT_FIELDS = ['createdAt', 'balance'] as const;

export type AccountView = {
  id: string;
  ownerType: (typeof OWNER_TYPES)[number];
  ownerId: string;
  kind: (typeof ACCOUNT_KINDS)[number];
  currency: string;
  mode: Mode;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
  postings: number;
  status: 'open' | 'closed';
  createdAt: string;
  /** Who the owner is, in words: a merchant's name, a shopper's email; null for the platform. */
  ownerName: string | null;
};

/** Ledger accounts for the explorer: by owner, kind, currency, mode; with the owners' names. */
export async function searchAccounts(options: {
  db: DbOrTx;
  filter: {
    accountId?: string | undefined;
    ownerType?: (typeof OWNER_TYPES)[number] | undefined;
    ownerId?: string | undefined;
    kind?: (typeof ACCOUNT_KINDS)[number] | undefined;
    currency?: string | undefined;
    mode?: Mode | undefined;
  };
  page: PageRequest<(typeof ACCOUNT_SORT_FIELDS)[number]>;
}): Promise<Page<AccountView> & PageTotal> {
  const { filter } = options;
  const { rows, nextCursor, total, totalCapped } = await pageOf({
    count: true,
    db: options.db,
    table: ledgerAccounts,
    where: [
      filter.accountId ? eq(ledgerAccounts.id, filter.accountId) : undefined,
      filter.ownerType ? eq(ledgerAccounts.ownerType, filter.ownerType) : undefined,
      filter.ownerId ? eq(ledgerAccounts.ownerId, filter.ownerId) : undefined,
      filter.kind ? eq(ledgerAccounts.kind, filter.kind) : undefined,
      filter.currency ? eq(ledgerAccounts.currency, filter.currency) : undefined,
      filter.mode ? eq(ledgerAccounts.mode, filter.mode) : undefined,
    ],
    page: options.page,
    map: (raw) => {
      const r = raw as typeof ledgerAccounts.$inferSelect;
      return {
        id: r.id,
        ownerType: r.ownerType,
        ownerId: r.ownerId,
        kind: r.kind,
        currency: r.currency,
        mode: r.mode,
        balance: Number(r.balance),
        pendingDebits: Number(r.pendingDebits),
        pendingCredits: Number(r.pendingCredits),
        postings: Number(r.postingSeq),
        status: r.status,
        createdAt: r.createdAt.toISOString(),
      };
    },
  });
  const names = await getDisplayNames({
    db: options.db,
    merchantIds: rows.filter((a) => a.ownerType === 'merchant').map((a) => a.ownerId),
    shopperIds: rows.filter((a) => a.ownerType === 'shopper').map((a) => a.ownerId),
  });
  const nameOf = (a: Omit<AccountView, 'ownerName'>): string | null => {
    if (a.ownerType === 'merchant') return names.merchants.get(a.ownerId) ?? null;
    if (a.ownerType === 'shopper') return names.shoppers.get(a.ownerId) ?? null;
    // A provider account's owner id is the provider's name (`sandbox`); the platform has none.
    return a.ownerType === 'provider' ? a.ownerId : null;
  };
  return {
    items: rows.map((a) => ({ ...a, ownerName: nameOf(a) })),
    nextCursor,
    total,
    totalCapped,
  };
}

export type TransferFilter = {
  accountId?: string | undefined;
  kind?: TransferKind | undefined;
  status?: (typeof TRANSFER_STATUSES)[number] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
};

/**
 * Transfers for the explorer. The ledger indexes transfers only by id and idempotency key (each
 * index is paid on every payment), so:
 * - without an account, transfers are paged by id, which sorts by creation time (ids carry their
 *   minting time), and a date range is an id range: a primary-key range scan;
 * - with an account, the account's postings are paged newest first (cursor: the posting's
 *   number, as in balance histories) and their transfers read by id; kind and status then
 *   filter within each page, so a filtered page may hold fewer than `limit` rows.
 */
export async function searchTransfers(options: {
  db: DbOrTx;
  filter: TransferFilter;
  page: PageRequest<'createdAt'>;
}): Promise<Page<TransferView>> {
  const { db, filter, page } = options;
  const matches = (t: { kind: string; status: string }) =>
    (!filter.kind || t.kind === filter.kind) && (!filter.status || t.status === filter.status);
  if (filter.accountId) {
    const postings = await listPostings({
      db,
      accountId: filter.accountId,
      limit: page.limit,
      ...(page.cursor ? { cursor: page.cursor } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
    });
    const ids = postings.items.map((p) => p.transferId);
    const rows =
      ids.length === 0
        ? []
        : await db.select().from(ledgerTransfers).where(inArray(ledgerTransfers.id, ids));
    const byId = new Map(rows.map((r) => [r.id, toTransferRecord(r)]));
    const items = ids.flatMap((id) => {
      const t = byId.get(id);
      return t && matches(t) ? [transferView(t)] : [];
    });
    return { items, nextCursor: postings.nextCursor };
  }
  const { rows, nextCursor } = await pageOf({
    db,
    table: ledgerTransfers,
    where: [
      filter.kind ? eq(ledgerTransfers.kind, filter.kind) : undefined,
      filter.status ? eq(ledgerTransfers.status, filter.status) : undefined,
      filter.from
        ? gte(ledgerTransfers.id, idBoundAt('trf', filter.from.getTime(), 'min'))
        : undefined,
      filter.to ? lte(ledgerTransfers.id, idBoundAt('trf', filter.to.getTime(), 'max')) : undefined,
      // The ids bound the range; created_at confirms it exactly at the edges.
      filter.from ? gte(ledgerTransfers.createdAt, filter.from) : undefined,
      filter.to ? lte(ledgerTransfers.createdAt, filter.to) : undefined,
    ],
    page: { ...page, sort: { field: 'id', dir: page.sort.dir } },
    map: (raw) => transferView(toTransferRecord(raw as typeof ledgerTransfers.$inferSelect)),
  });
  return { items: rows, nextCursor };
}
