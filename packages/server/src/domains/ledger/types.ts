import type {
  ACCOUNT_KINDS,
  MODES,
  OWNER_TYPES,
  TRANSFER_KINDS,
  TRANSFER_STATUSES,
} from '../../db/schema/index.js';

export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type OwnerType = (typeof OWNER_TYPES)[number];
export type Mode = (typeof MODES)[number];
export type TransferKind = (typeof TRANSFER_KINDS)[number];
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/**
 * The largest amount one transfer may carry (minor units). Far above any real payment, and low
 * enough that no balance can leave the exactly-representable integer range of a JS number.
 */
export const MAX_TRANSFER_AMOUNT = 1_000_000_000_000_000; // 10^15

export type Account = {
  id: string;
  ownerType: OwnerType;
  ownerId: string;
  kind: AccountKind;
  currency: string;
  mode: Mode;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
  allowNegative: boolean;
  status: 'open' | 'closed';
  createdAt: Date;
};

export type Transfer = {
  id: string;
  idempotencyKey: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  postedAmount: number | null;
  currency: string;
  kind: TransferKind;
  status: TransferStatus;
  /** Created pending (two-phase) rather than posted at once. */
  twoPhase: boolean;
  reference: string | null;
  linkedId: string | null;
  metadata: Record<string, unknown> | null;
  timeoutAt: Date | null;
  createdAt: Date;
  postedAt: Date | null;
  voidedAt: Date | null;
};

/** What a caller asks for; validated by the domain functions before it reaches the writer. */
export type TransferSpec = {
  idempotencyKey: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  currency: string;
  kind: TransferKind;
  reference?: string | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  /** Two-phase: reserve now, post or void later. */
  pending?: boolean | undefined;
  /** For pending transfers: void automatically after this many milliseconds. */
  timeoutMs?: number | null | undefined;
};

export type LedgerCommand =
  /** One leg: a plain transfer. Several legs: linked, all or nothing. */
  | { type: 'create'; legs: TransferSpec[] }
  | { type: 'post'; transferId: string; amount?: number | undefined }
  | { type: 'void'; transferId: string; reason: 'requested' | 'timeout' };

export type CommandResult = { transfers: Transfer[]; replayed: boolean };
