import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { z } from 'zod';
import { errnoOf } from '../../db/errors.js';
import { AppError, type AppErrorOptions, type ErrorCode, isAppError } from '../../errors.js';
import type { outbox as platformOutbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { canonicalJson } from '../../infra/idempotency.js';
import type { Logger } from '../../infra/logger.js';
import type { OutboxRow } from '../../infra/outbox.js';
import { type Cell, createBulkRows } from './bulk-rows.js';
import { LEDGER_AGGREGATE_ID, TRANSFER_CHANGES_PER_EVENT, type ZTransferChange } from './events.js';
import { NO_PLACEHOLDERS, sqlInt, sqlString, sqlStringList, sqlTime } from './sql-literals.js';
import {
  type CommandResult,
  type LedgerCommand,
  MAX_TRANSFER_AMOUNT,
  type Transfer,
  type TransferSpec,
} from './types.js';

/**
 * The ledger's single writer.
 *
 * Callers submit commands to an in-memory queue; one loop takes up to `batchSize` of them and
 * applies them in ONE database transaction with a handful of statements, however many commands
 * the batch holds:
 *
 *   1. find the transfers whose idempotency keys appear in the batch (replays): remembered
 *      settled ones, else none; a batch refused by the unique index redoes this with a SELECT;
 *   2. SELECT … FOR UPDATE the pending transfers the batch posts or voids;
 *   3. SELECT … FOR UPDATE every account the batch touches (in primary-key order);
 *   4. apply each command in memory, in order: each succeeds or fails on its own (a linked group
 *      as a unit), against balances that include the earlier commands of the batch;
 *   5. one bulk load each (LOAD DATA LOCAL from memory, or multi-row INSERTs: bulk-rows.ts) for
 *      transfers, postings and the batch's outbox events (`ledger.transfers_committed`),
 *      UPDATEs for posted or voided transfers, one multi-row upsert of the balances of every
 *      account the batch read, each only where the row is still at the version the batch read
 *      (the version then advances); COMMIT.
 *
 * Only after COMMIT returns is any caller answered, so an acknowledged transfer is durable and a
 * crash before it loses only unacknowledged work (whose retry, by idempotency key, is safe).
 *
 * Batches overlap (`depth`, default two in flight): the next one is computed from the balances
 * the previous one leaves (an in-memory cache, without step 3's locks), inserts its transfers,
 * postings and events, writes the balances of the accounts the batches in flight do not hold,
 * and, once the previous batch has finished, those they do (a hot merchant). The version check of
 * the upsert is what verifies the balances it was computed from; if any moved, it is rolled back
 * and redone the locking way. Postings carry each account's sequence number, so its history
 * follows the order its balance changed whoever wrote them.
 *
 * A hot account therefore costs one row lock per batch instead of one per transfer. Correctness
 * does not depend on being the only writer: the FOR UPDATE locks make concurrent writers in other
 * processes safe (only slower), and a batch that loses a deadlock or an idempotency race to one
 * is rolled back and retried whole.
 */
export type LedgerWriter = {
  submit(command: LedgerCommand): Promise<CommandResult>;
  /** Stops accepting commands and waits for the queued ones to finish. */
  stop(): Promise<void>;
  stats(): {
    batches: number;
    commands: number;
    retries: number;
    /** Optimistic batches redone the locking way because their accounts had moved. */
    redone: number;
    /** Times another writer was seen and batches stopped overlapping for a while. */
    contended: number;
    /** Batch attempts that gave up waiting for a row lock (`innodb_lock_wait_timeout`). */
    lockWaitTimeouts: number;
    queued: number;
    /**
     * Cumulative milliseconds per phase of the committed batches: reading, applying in memory,
     * inserting transfers/postings/events, writing balances ahead, waiting for the batch before,
     * writing the balances it held, committing.
     */
    phasesMs: Record<(typeof PHASES)[number], number>;
  };
};

export type LedgerWriterOptions = {
  pool: Pool;
  outbox: typeof platformOutbox;
  logger: Logger;
  /** Most commands per transaction. */
  batchSize?: number;
  /** How long a small batch waits for company before it runs (0: run what is queued at once). */
  maxWaitMs?: number;
  /** Batch retries after a deadlock, lock timeout or a cross-process idempotency race. */
  maxRetries?: number;
  /**
   * How long a batch waits for a row lock before giving up and being retried (seconds; the
   * server default is 50). Two writers (two processes) can wait on each other in a way InnoDB
   * cannot see: a batch computed ahead holds the postings it inserted while it waits, in this
   * process, for the batch before it, which may wait on the other writer, which waits on those
   * postings. No deadlock is detected; only the lock wait timeout breaks the cycle, so it must be
   * short. A lock on a hot account is normally held for a batch's serial section (milliseconds).
   */
  lockWaitTimeoutSeconds?: number;
  /** Called after each committed batch that wrote events (the app wakes the outbox relay). */
  onCommit?: () => void;
  /**
   * Overlap consecutive batches (default on): while one batch writes and commits, the next
   * computes against the balances the first will leave, inserts its rows, then locks its
   * accounts and checks they hold exactly those balances (else it is redone the locking way).
   */
  pipeline?: boolean;
  /**
   * Send the batch's rows with `LOAD DATA LOCAL INFILE` from memory (default on; falls back to
   * multi-row INSERTs by itself when the server refuses local loads). See bulk-rows.ts.
   */
  loadData?: boolean;
  /**
   * Most batches in flight when pipelined (default 2): one finishing, the others written ahead
   * of it, each on its own connection (so the database works on several at once).
   */
  depth?: number;
  /**
   * How long batches stop overlapping after another writer was seen working on the same
   * accounts (a version or posting number that moved, a lock wait timeout, a deadlock). Default
   * 5 s.
   */
  contentionPauseMs?: number;
  /**
   * Test seam: runs in an overlapping batch once it has been computed from its unlocked reads,
   * before it writes anything or locks.
   */
  beforeVerify?: () => Promise<void>;
};

type Item = {
  command: LedgerCommand;
  resolve: (result: CommandResult) => void;
  reject: (error: unknown) => void;
};

type AccountState = {
  id: string;
  ownerType: string;
  ownerId: string;
  kind: string;
  currency: string;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
  /** Postings so far: the account's next posting is number postingSeq + 1. */
  postingSeq: number;
  /** The row's version: every write of the row advances it by one. */
  version: number;
  allowNegative: boolean;
  status: string;
};

type TransferRow = RowDataPacket & {
  id: string;
  idempotency_key: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number | string;
  posted_amount: number | string | null;
  currency: string;
  kind: Transfer['kind'];
  status: Transfer['status'];
  two_phase: number;
  reference: string | null;
  linked_id: string | null;
  metadata: unknown;
  timeout_at: Date | null;
  created_at: Date;
  posted_at: Date | null;
  voided_at: Date | null;
};

type AccountRow = RowDataPacket & {
  id: string;
  owner_type: string;
  owner_id: string;
  kind: string;
  currency: string;
  balance: number | string;
  pending_debits: number | string;
  pending_credits: number | string;
  posting_seq: number | string;
  version: number | string;
  allow_negative: number;
  status: string;
};

const RETRYABLE_ERRNO = new Set([
  1213, // deadlock: InnoDB rolled the transaction back
  1205, // lock wait timeout (we roll back explicitly)
  1062, // duplicate key: another process inserted one of our idempotency keys first
]);

/** Whether a stored transfer is what this spec asks for (a retry) rather than a reuse of its key. */
export function sameTransfer(spec: TransferSpec, transfer: Transfer): boolean {
  return (
    transfer.debitAccountId === spec.debitAccountId &&
    transfer.creditAccountId === spec.creditAccountId &&
    transfer.amount === spec.amount &&
    transfer.currency === spec.currency &&
    transfer.kind === spec.kind &&
    transfer.reference === (spec.reference ?? null) &&
    transfer.twoPhase === (spec.pending ?? false) &&
    (transfer.metadata === null && spec.metadata == null
      ? true
      : canonicalJson(transfer.metadata) === canonicalJson(spec.metadata ?? null))
  );
}

/** A copy of a transfer for a caller: no shared mutable state. */
function copy(transfer: Transfer): Transfer {
  return { ...transfer };
}

function refuse(code: ErrorCode, message: string, options: AppErrorOptions = {}): AppError {
  return new AppError(code, { message, ...options });
}

function toTransfer(row: TransferRow): Transfer {
  const metadata = typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata;
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amount: Number(row.amount),
    postedAmount: row.posted_amount === null ? null : Number(row.posted_amount),
    currency: row.currency,
    kind: row.kind,
    status: row.status,
    twoPhase: row.two_phase === 1,
    reference: row.reference,
    linkedId: row.linked_id,
    metadata: (metadata ?? null) as Transfer['metadata'],
    timeoutAt: row.timeout_at,
    createdAt: row.created_at,
    postedAt: row.posted_at,
    voidedAt: row.voided_at,
  };
}

type TransferChange = z.input<typeof ZTransferChange>;

/** Most account balances remembered between batches (about 200 bytes each). */
const CACHE_LIMIT = 100_000;

/** Most settled transfers remembered by idempotency key, oldest forgotten first (~600 bytes each). */
const RECENT_LIMIT = 50_000;

const PHASES = ['load', 'apply', 'insert', 'ahead', 'wait', 'held', 'commit'] as const;

/** An optimistic batch found its accounts changed by someone else: redo it the locking way. */
class StaleBasis extends Error {}

/** A promise and the function that settles it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/**
 * An optimistic batch cannot go on from what it was computed against: the batch before did not
 * commit, or it gave up waiting for it because another writer was seen.
 */
class PreviousBatchFailed extends StaleBasis {}

/** The accounts a batch reads, writes and so holds locked until it ends (known once applied). */
type Footprint = { accounts: ReadonlySet<string> };

/** A DATETIME(3) value; the batch's own instant is formatted once. */
function sqlTimeOf(date: Date | null, state: BatchState): string | null {
  if (date === null) return null;
  return date === state.now ? state.nowSql : sqlTime(date);
}

const TRANSFER_COLUMNS = [
  'id',
  'idempotency_key',
  'debit_account_id',
  'credit_account_id',
  'amount',
  'posted_amount',
  'currency',
  'kind',
  'status',
  'two_phase',
  'reference',
  'linked_id',
  'metadata',
  'timeout_at',
  'created_at',
  'posted_at',
  'voided_at',
] as const;
const POSTING_COLUMNS = [
  'account_id',
  'seq',
  'transfer_id',
  'amount',
  'balance_after',
  'created_at',
] as const;
const EVENT_COLUMNS = [
  'event_id',
  'type',
  'version',
  'aggregate_type',
  'aggregate_id',
  'payload',
  'occurred_at',
] as const;

/** Everything a batch will write, accumulated while commands are applied in memory. */
class BatchState {
  readonly now = new Date();
  readonly nowSql = sqlTime(this.now) as string;
  readonly accounts = new Map<string, AccountState>();
  readonly dirtyAccounts = new Set<string>();
  /** Transfers inserted by this batch, by id (their final state is what gets inserted). */
  readonly created = new Map<string, Transfer>();
  /** Stored transfers this batch changes (post/void). */
  readonly updated = new Map<string, Transfer>();
  /** Stored transfers locked for post/void, by id. */
  readonly stored = new Map<string, Transfer>();
  /** Transfers found by idempotency key: stored ones, then those created by this batch. */
  readonly byKey = new Map<string, Transfer>();
  /**
   * The version of each account the batch was computed against: its balances are written only
   * where the row still has it (and the row's version becomes one more).
   */
  readonly basis = new Map<string, number>();
  /** Rows of the postings: (account id, seq, transfer id, amount, balance after, created at). */
  postings: Cell[][] = [];
  changes: TransferChange[] = [];
}

export function createLedgerWriter(options: LedgerWriterOptions): LedgerWriter {
  const { pool, outbox, logger } = options;
  const batchSize = options.batchSize ?? 400;
  const maxWaitMs = options.maxWaitMs ?? 0;
  const maxRetries = options.maxRetries ?? 5;
  const lockWaitTimeoutSeconds = Math.max(1, Math.round(options.lockWaitTimeoutSeconds ?? 5));
  /** Connections whose session already has the writer's lock wait timeout. */
  const tuned = new WeakSet<object>();
  const queue: Item[] = [];
  let running = false;
  let stopped = false;
  let idle: Promise<void> = Promise.resolve();
  let markIdle: () => void = () => undefined;
  const counters = {
    batches: 0,
    commands: 0,
    retries: 0,
    redone: 0,
    contended: 0,
    lockWaitTimeouts: 0,
  };
  const contentionPauseMs = options.contentionPauseMs ?? 5_000;
  /** Until when batches do not overlap, because another writer was seen (epoch ms). */
  let contendedUntil = 0;
  /** Settles when another writer is next seen: batches waiting for the one before give up. */
  let contention = signal();
  const pipeline = options.pipeline ?? true;
  const depth = pipeline ? Math.max(2, options.depth ?? 2) : 1;
  const bulk = createBulkRows({ loadData: options.loadData, logger });
  /** Balances as the latest applied batch leaves them (tentative until it commits). */
  const cache = new Map<string, AccountState>();
  /**
   * Posted or voided transfers (which never change again) this writer created or settled, by
   * idempotency key, including those of the batch in flight (tentative until it commits). A
   * retry of one is answered from here; a key found neither here nor in the batch is assumed
   * new, without a lookup: if another process (or this one before a restart) already used it,
   * the unique index refuses the batch's INSERT, and the batch is redone with the lookup.
   */
  const recent = new Map<string, Transfer>();
  // Cumulative milliseconds per phase of a batch, for the benchmark's breakdown.
  const phases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<
    (typeof PHASES)[number],
    number
  >;

  /** Records what a transfer became, for the batch's `ledger.transfers_committed` events. */
  function event(state: BatchState, transfer: Transfer, reason?: 'requested' | 'timeout'): void {
    const change: TransferChange = {
      transferId: transfer.id,
      status: transfer.status,
      kind: transfer.kind,
      debitAccountId: transfer.debitAccountId,
      creditAccountId: transfer.creditAccountId,
      amount: transfer.amount,
      postedAmount: transfer.postedAmount,
      currency: transfer.currency,
      reference: transfer.reference,
      linkedId: transfer.linkedId,
    };
    if (reason) change.reason = reason;
    state.changes.push(change);
  }

  /** The batch's changes as outbox rows: one per TRANSFER_CHANGES_PER_EVENT, in order. */
  function events(state: BatchState): OutboxRow[] {
    const rows: OutboxRow[] = [];
    for (let i = 0; i < state.changes.length; i += TRANSFER_CHANGES_PER_EVENT) {
      rows.push(
        outbox.build({
          type: 'ledger.transfers_committed',
          aggregateId: LEDGER_AGGREGATE_ID,
          payload: { transfers: state.changes.slice(i, i + TRANSFER_CHANGES_PER_EVENT) },
          occurredAt: state.now,
        }),
      );
    }
    return rows;
  }

  function account(state: BatchState, id: string, field: string): AccountState {
    const found = state.accounts.get(id);
    if (!found) throw refuse('account_not_found', `Account ${id} does not exist.`, { field });
    return found;
  }

  function touch(state: BatchState, ...accounts: AccountState[]): void {
    for (const a of accounts) state.dirtyAccounts.add(a.id);
  }

  function move(state: BatchState, transfer: Transfer, amount: number): void {
    const debit = account(state, transfer.debitAccountId, 'debitAccountId');
    const credit = account(state, transfer.creditAccountId, 'creditAccountId');
    debit.balance -= amount;
    credit.balance += amount;
    touch(state, debit, credit);
    state.postings.push(
      [debit.id, ++debit.postingSeq, transfer.id, -amount, debit.balance, state.nowSql],
      [credit.id, ++credit.postingSeq, transfer.id, amount, credit.balance, state.nowSql],
    );
  }

  /** Applies one new transfer; throws (changing nothing) when it is refused. */
  function applyLeg(state: BatchState, spec: TransferSpec, linkedId: string | null): Transfer {
    const debit = account(state, spec.debitAccountId, 'debitAccountId');
    const credit = account(state, spec.creditAccountId, 'creditAccountId');
    for (const [a, field] of [
      [debit, 'debitAccountId'],
      [credit, 'creditAccountId'],
    ] as const) {
      if (a.status !== 'open')
        throw refuse('account_closed', `Account ${a.id} is closed.`, { field });
      if (a.currency !== spec.currency) {
        throw refuse(
          'currency_mismatch',
          `Account ${a.id} holds ${a.currency}, not ${spec.currency}.`,
          { field },
        );
      }
    }
    const available = debit.balance - debit.pendingDebits;
    if (!debit.allowNegative && available < spec.amount) {
      // The message reaches shoppers and merchants: what is missing, never an account id.
      throw refuse('insufficient_funds', 'The balance is too low for this amount.', {
        internalMessage: `Account ${debit.id} has insufficient funds.`,
        field: 'amount',
        details: { accountId: debit.id, available, currency: debit.currency },
      });
    }
    if (
      credit.balance + credit.pendingCredits + spec.amount > Number.MAX_SAFE_INTEGER ||
      debit.balance - debit.pendingDebits - spec.amount < -Number.MAX_SAFE_INTEGER
    ) {
      throw refuse('amount_too_large', 'The transfer would overflow an account balance.', {
        field: 'amount',
      });
    }
    const transfer: Transfer = {
      id: newId('trf'),
      idempotencyKey: spec.idempotencyKey,
      debitAccountId: spec.debitAccountId,
      creditAccountId: spec.creditAccountId,
      amount: spec.amount,
      postedAmount: spec.pending ? null : spec.amount,
      currency: spec.currency,
      kind: spec.kind,
      status: spec.pending ? 'pending' : 'posted',
      twoPhase: spec.pending ?? false,
      reference: spec.reference ?? null,
      linkedId,
      metadata: spec.metadata ?? null,
      timeoutAt:
        spec.pending && spec.timeoutMs ? new Date(state.now.getTime() + spec.timeoutMs) : null,
      createdAt: state.now,
      postedAt: spec.pending ? null : state.now,
      voidedAt: null,
    };
    if (spec.pending) {
      debit.pendingDebits += spec.amount;
      credit.pendingCredits += spec.amount;
      touch(state, debit, credit);
      event(state, transfer);
    } else {
      move(state, transfer, spec.amount);
      event(state, transfer);
    }
    state.created.set(transfer.id, transfer);
    return transfer;
  }

  /** A replay when every leg's key is known with the same content; a conflict when any differs. */
  function findReplay(state: BatchState, legs: TransferSpec[]): Transfer[] | undefined {
    const found: Transfer[] = [];
    for (const leg of legs) {
      const stored = state.byKey.get(leg.idempotencyKey);
      if (!stored) continue;
      if (!sameTransfer(leg, stored)) {
        throw refuse(
          'idempotency_key_reused',
          `Idempotency key ${leg.idempotencyKey} was already used for a different transfer.`,
          { field: 'idempotencyKey' },
        );
      }
      found.push(stored);
    }
    if (found.length === 0) return undefined;
    if (found.length !== legs.length) {
      throw refuse(
        'idempotency_key_reused',
        'Some of these idempotency keys were already used for other transfers.',
        { field: 'idempotencyKey' },
      );
    }
    return found;
  }

  /** Saves what a linked group may change, so a refused leg can undo the legs before it. */
  function snapshot(state: BatchState, legs: TransferSpec[]) {
    const touched = new Set<AccountState>();
    for (const leg of legs) {
      const debit = state.accounts.get(leg.debitAccountId);
      const credit = state.accounts.get(leg.creditAccountId);
      if (debit) touched.add(debit);
      if (credit) touched.add(credit);
    }
    return {
      balances: [...touched].map(
        (a) => [a, a.balance, a.pendingDebits, a.pendingCredits, a.postingSeq] as const,
      ),
      dirty: [...touched].filter((a) => state.dirtyAccounts.has(a.id)).map((a) => a.id),
      created: state.created.size,
      postings: state.postings.length,
      changes: state.changes.length,
    };
  }

  function restore(state: BatchState, saved: ReturnType<typeof snapshot>): void {
    for (const [a, balance, pd, pc, seq] of saved.balances) {
      a.balance = balance;
      a.pendingDebits = pd;
      a.pendingCredits = pc;
      a.postingSeq = seq;
      state.dirtyAccounts.delete(a.id);
    }
    for (const id of saved.dirty) state.dirtyAccounts.add(id);
    // Maps iterate in insertion order: drop the transfers added after the snapshot.
    const extra = [...state.created.keys()].slice(saved.created);
    for (const id of extra) state.created.delete(id);
    state.postings.length = saved.postings;
    state.changes.length = saved.changes;
  }

  function findTransfer(state: BatchState, id: string): Transfer {
    const transfer = state.created.get(id) ?? state.updated.get(id) ?? state.stored.get(id);
    if (!transfer)
      throw refuse('transfer_not_found', `Transfer ${id} does not exist.`, { field: 'transferId' });
    return transfer;
  }

  function markChanged(state: BatchState, transfer: Transfer): void {
    if (!state.created.has(transfer.id)) state.updated.set(transfer.id, transfer);
  }

  function release(state: BatchState, transfer: Transfer): void {
    const debit = account(state, transfer.debitAccountId, 'debitAccountId');
    const credit = account(state, transfer.creditAccountId, 'creditAccountId');
    debit.pendingDebits -= transfer.amount;
    credit.pendingCredits -= transfer.amount;
    touch(state, debit, credit);
  }

  function ensurePending(transfer: Transfer): void {
    if (transfer.status === 'posted') {
      throw refuse('transfer_already_posted', `Transfer ${transfer.id} is already posted.`);
    }
    if (transfer.status === 'voided') {
      throw refuse('transfer_already_voided', `Transfer ${transfer.id} is already voided.`);
    }
  }

  function voidTransfer(
    state: BatchState,
    transfer: Transfer,
    reason: 'requested' | 'timeout',
  ): void {
    release(state, transfer);
    transfer.status = 'voided';
    transfer.voidedAt = state.now;
    markChanged(state, transfer);
    event(state, transfer, reason);
  }

  function apply(state: BatchState, command: LedgerCommand): CommandResult {
    switch (command.type) {
      case 'create': {
        const replay = findReplay(state, command.legs);
        if (replay) return { transfers: replay.map(copy), replayed: true };
        // A single leg checks everything before it changes anything; only a linked group needs
        // to undo earlier legs when a later one is refused.
        const saved = command.legs.length > 1 ? snapshot(state, command.legs) : undefined;
        const linkedId = command.legs.length > 1 ? newId('trf').replace('trf_', 'lnk_') : null;
        try {
          const transfers = command.legs.map((leg) => applyLeg(state, leg, linkedId));
          // The transfers are the batch's own objects: a later post/void in this batch updates them.
          for (const t of transfers) state.byKey.set(t.idempotencyKey, t);
          return { transfers: transfers.map(copy), replayed: false };
        } catch (error) {
          if (saved) restore(state, saved);
          if (isAppError(error) && command.legs.length > 1) {
            // The user-safe message stays the leg's own (it reaches shoppers); how the group
            // was refused is for the logs.
            throw new AppError(error.code, {
              message: error.userMessage,
              internalMessage: `Linked transfers refused (no leg applied): ${error.message}`,
              field: error.field,
              details: error.details,
            });
          }
          throw error;
        }
      }
      case 'post': {
        const transfer = findTransfer(state, command.transferId);
        ensurePending(transfer);
        if (transfer.timeoutAt && transfer.timeoutAt.getTime() <= state.now.getTime()) {
          voidTransfer(state, transfer, 'timeout');
          throw refuse('transfer_expired', `Transfer ${transfer.id} timed out and was voided.`);
        }
        const amount = command.amount ?? transfer.amount;
        if (amount > transfer.amount) {
          throw refuse('amount_too_large', 'Cannot post more than the pending amount.', {
            field: 'amount',
            details: { pendingAmount: transfer.amount },
          });
        }
        release(state, transfer);
        move(state, transfer, amount);
        transfer.status = 'posted';
        transfer.postedAmount = amount;
        transfer.postedAt = state.now;
        markChanged(state, transfer);
        event(state, transfer);
        return { transfers: [copy(transfer)], replayed: false };
      }
      case 'void': {
        const transfer = findTransfer(state, command.transferId);
        ensurePending(transfer);
        voidTransfer(state, transfer, command.reason);
        return { transfers: [copy(transfer)], replayed: false };
      }
    }
  }

  async function load(
    conn: PoolConnection,
    state: BatchState,
    items: Item[],
    optimistic: boolean,
    lookUpKeys: boolean,
  ): Promise<void> {
    const keys = new Set<string>();
    const targetIds = new Set<string>();
    const accountIds = new Set<string>();
    for (const { command } of items) {
      if (command.type === 'create') {
        for (const leg of command.legs) {
          keys.add(leg.idempotencyKey);
          accountIds.add(leg.debitAccountId);
          accountIds.add(leg.creditAccountId);
        }
      } else targetIds.add(command.transferId);
    }
    for (const key of keys) {
      const known = recent.get(key);
      if (known) {
        state.byKey.set(key, known);
        keys.delete(key);
      }
    }
    if (lookUpKeys && keys.size > 0) {
      const [rows] = await conn.query<TransferRow[]>(
        `SELECT * FROM ledger_transfers WHERE idempotency_key IN (${sqlStringList(keys)})`,
        NO_PLACEHOLDERS,
      );
      for (const row of rows) {
        state.byKey.set(row.idempotency_key, toTransfer(row));
      }
    }
    if (targetIds.size > 0) {
      const [rows] = await conn.query<TransferRow[]>(
        'SELECT * FROM ledger_transfers WHERE id IN (?) ORDER BY id FOR UPDATE',
        [[...targetIds].sort()],
      );
      for (const row of rows) {
        state.stored.set(row.id, toTransfer(row));
        accountIds.add(row.debit_account_id);
        accountIds.add(row.credit_account_id);
      }
    }
    if (optimistic) {
      // Balances as the previous batch will leave them; the rest read without locking. Both are
      // verified under lock before this batch commits.
      for (const id of accountIds) {
        const cached = cache.get(id);
        if (cached) {
          state.accounts.set(id, { ...cached });
          accountIds.delete(id);
        }
      }
    }
    if (accountIds.size > 0) {
      // Primary-key order, so two writers locking overlapping sets cannot deadlock each other.
      const [rows] = await conn.query<AccountRow[]>(
        `SELECT id, owner_type, owner_id, kind, currency, balance, pending_debits, pending_credits,
                posting_seq, version, allow_negative, status
           FROM ledger_accounts WHERE id IN (?) ORDER BY id${optimistic ? '' : ' FOR UPDATE'}`,
        [[...accountIds].sort()],
      );
      for (const row of rows) {
        state.accounts.set(row.id, {
          id: row.id,
          ownerType: row.owner_type,
          ownerId: row.owner_id,
          kind: row.kind,
          currency: row.currency,
          balance: Number(row.balance),
          pendingDebits: Number(row.pending_debits),
          pendingCredits: Number(row.pending_credits),
          postingSeq: Number(row.posting_seq),
          version: Number(row.version),
          allowNegative: row.allow_negative === 1,
          status: row.status,
        });
      }
    }
    for (const a of state.accounts.values()) state.basis.set(a.id, a.version);
  }

  /** The batch's new transfers, postings, pending timeouts, settled transfers and events. */
  async function write(conn: PoolConnection, state: BatchState): Promise<void> {
    if (state.created.size > 0) {
      const rows: Cell[][] = [];
      for (const t of state.created.values()) {
        rows.push([
          t.id,
          t.idempotencyKey,
          t.debitAccountId,
          t.creditAccountId,
          t.amount,
          t.postedAmount,
          t.currency,
          t.kind,
          t.status,
          t.twoPhase ? 1 : 0,
          t.reference,
          t.linkedId,
          t.metadata === null ? null : JSON.stringify(t.metadata),
          sqlTimeOf(t.timeoutAt, state),
          sqlTimeOf(t.createdAt, state),
          sqlTimeOf(t.postedAt, state),
          sqlTimeOf(t.voidedAt, state),
        ]);
      }
      await bulk.insert(conn, 'ledger_transfers', TRANSFER_COLUMNS, rows);
    }
    const due = [...state.created.values()].filter((t) => t.status === 'pending' && t.timeoutAt);
    if (due.length > 0) {
      await conn.query('INSERT INTO ledger_pending_timeouts (transfer_id, timeout_at) VALUES ?', [
        due.map((t) => [t.id, sqlTime(t.timeoutAt)]),
      ]);
    }
    const settled = [...state.updated.values()].filter((t) => t.timeoutAt).map((t) => t.id);
    if (settled.length > 0) {
      await conn.query('DELETE FROM ledger_pending_timeouts WHERE transfer_id IN (?)', [settled]);
    }
    for (const t of state.updated.values()) {
      await conn.query(
        `UPDATE ledger_transfers SET status = ?, posted_amount = ?, posted_at = ?, voided_at = ?,
           updated_at = ? WHERE id = ?`,
        [t.status, t.postedAmount, t.postedAt, t.voidedAt, state.now, t.id],
      );
    }
    // Postings are numbered from the balances the batch was computed against (checked under
    // lock before commit), so they need no lock of their own: written here, ahead of the locks,
    // they leave the section batches cannot overlap. One numbered like a posting another
    // process wrote collides on the primary key, and the batch is redone.
    await bulk.insert(conn, 'ledger_postings', POSTING_COLUMNS, state.postings);
    if (state.changes.length > 0) {
      await bulk.insert(
        conn,
        'outbox_events',
        EVENT_COLUMNS,
        events(state).map((e) => [
          e.eventId,
          e.type,
          e.version,
          e.aggregateType,
          e.aggregateId,
          JSON.stringify(e.payload),
          state.nowSql,
        ]),
      );
    }
  }

  /**
   * Writes the balances of the given accounts, each only where its row still has the version
   * the batch was computed against (the row's version advances by one). This statement takes the
   * rows' locks, so it is also the check: a row another writer changed since (another process,
   * an account closed meanwhile, or the batch before this one rolled back) fails the whole
   * statement with "cannot be null" and the batch is redone the locking way. In the locking way
   * the rows are already locked and the check always holds.
   */
  async function writeBalances(
    conn: PoolConnection,
    state: BatchState,
    ids: readonly string[],
  ): Promise<void> {
    if (ids.length === 0) return;
    let values = '';
    for (const id of ids) {
      const a = state.accounts.get(id) as AccountState;
      const version = state.basis.get(id) as number;
      const row = `(${sqlString(a.id)},${sqlString(a.ownerType)},${sqlString(a.ownerId)},${sqlString(
        a.kind,
      )},${sqlString(a.currency)},${sqlInt(a.balance)},${sqlInt(a.pendingDebits)},${sqlInt(
        a.pendingCredits,
      )},${sqlInt(a.postingSeq)},${sqlInt(version + 1)})`;
      values = values === '' ? row : `${values},${row}`;
    }
    // The rows exist (accounts are never deleted), so the upsert only ever takes its UPDATE
    // branch: 2 affected rows each. SET runs left to right: `version` is compared before it is
    // assigned.
    const [header] = await conn.query<ResultSetHeader>(
      `INSERT INTO ledger_accounts (id, owner_type, owner_id, kind, currency, balance,
         pending_debits, pending_credits, posting_seq, version) VALUES ${values}
       ON DUPLICATE KEY UPDATE
         balance = IF(version = VALUES(version) - 1, VALUES(balance), NULL),
         pending_debits = VALUES(pending_debits), pending_credits = VALUES(pending_credits),
         posting_seq = VALUES(posting_seq), version = VALUES(version)`,
      NO_PLACEHOLDERS,
    );
    if (header.affectedRows !== 2 * ids.length || header.warningStatus > 0) {
      throw new StaleBasis();
    }
  }

  /** Runs one batch in one transaction; returns each item's outcome without settling it. */
  async function runBatch(
    items: Item[],
    optimistic: boolean,
    lookUpKeys: boolean,
    onApplied: () => void,
    previous: Promise<boolean>,
    footprint: Footprint,
    previousFootprint: Footprint,
  ): Promise<({ ok: true; value: CommandResult } | { ok: false; error: unknown })[]> {
    const conn = await pool.getConnection();
    try {
      const session = (conn as unknown as { connection: object }).connection ?? conn;
      if (!tuned.has(session)) {
        // Strict: the balance check in writeBalances fails its statement (a NULL balance)
        // rather than storing a zero with a warning.
        await conn.query(
          `SET SESSION innodb_lock_wait_timeout = ${lockWaitTimeoutSeconds},
             sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')`,
        );
        tuned.add(session);
      }
      await conn.query('START TRANSACTION');
      try {
        const t0 = performance.now();
        const state = new BatchState();
        await load(conn, state, items, optimistic, lookUpKeys);
        const t1 = performance.now();
        const outcomes = items.map((item) => {
          try {
            return { ok: true as const, value: apply(state, item.command) };
          } catch (error) {
            return { ok: false as const, error };
          }
        });
        // The next batch may now start from the balances this one leaves. Remembered balances
        // of older batches save reads; any that went stale (another process) fail the next
        // batch's check under lock and cost a redo, never a wrong balance. Bounded memory.
        if (cache.size > CACHE_LIMIT) cache.clear();
        for (const a of state.accounts.values()) {
          cache.set(a.id, { ...a, version: (state.basis.get(a.id) as number) + 1 });
        }
        footprint.accounts = new Set(state.accounts.keys());
        for (const t of [...state.created.values(), ...state.updated.values()]) {
          if (t.status === 'pending') recent.delete(t.idempotencyKey);
          else recent.set(t.idempotencyKey, t);
        }
        for (const key of recent.keys()) {
          if (recent.size <= RECENT_LIMIT) break;
          recent.delete(key);
        }
        onApplied();
        const t2 = performance.now();
        if (optimistic) await options.beforeVerify?.();
        await write(conn, state);
        const t3 = performance.now();
        let t4 = t3;
        let t5 = t3;
        // Every account the batch read is written (and so locked and checked), in key order.
        const ids = [...state.accounts.keys()].sort();
        if (optimistic) {
          // The accounts the batch before does not hold (most wallets) are written at once,
          // while it finishes. Those it holds (a hot merchant) only once it has finished:
          // earlier, this batch would find them without the earlier batch's changes, and be
          // redone for nothing. So the section batches cannot overlap is one row and a COMMIT.
          // This batch may also have answered retries from that batch's transfers: if that
          // batch did not commit, this one is redone the locking way (the caches were cleared).
          const held = previousFootprint.accounts;
          await writeBalances(
            conn,
            state,
            ids.filter((id) => !held.has(id)),
          );
          t4 = performance.now();
          // Waiting here holds locks (postings, transfers, the rows written ahead). Once another
          // writer has been seen, that wait may be part of a cycle InnoDB cannot see: the batch
          // gives up instead (rolled back, it waits for nothing) and is redone the locking way.
          if (Date.now() < contendedUntil) throw new PreviousBatchFailed();
          const seen = contention.promise.then(() => 'contended' as const);
          const before = await Promise.race([previous, seen]);
          if (before !== true) throw new PreviousBatchFailed();
          t5 = performance.now();
          await writeBalances(
            conn,
            state,
            ids.filter((id) => held.has(id)),
          );
        } else {
          await writeBalances(conn, state, ids);
        }
        const t6 = performance.now();
        await conn.query('COMMIT');
        const t7 = performance.now();
        phases.load += t1 - t0;
        phases.apply += t2 - t1;
        phases.insert += t3 - t2;
        phases.ahead += t4 - t3;
        phases.wait += t5 - t4;
        phases.held += t6 - t5;
        phases.commit += t7 - t6;
        return outcomes;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      conn.release();
    }
  }

  /** Runs a batch to its end (retried or redone as needed); resolves whether it committed. */
  async function processBatch(
    items: Item[],
    optimisticFirst: boolean,
    onApplied: () => void,
    previous: Promise<boolean>,
    footprint: Footprint,
    previousFootprint: Footprint,
  ): Promise<boolean> {
    let optimistic = optimisticFirst;
    let lookUpKeys = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const outcomes = await runBatch(
          items,
          optimistic,
          lookUpKeys,
          onApplied,
          previous,
          footprint,
          previousFootprint,
        );
        options.onCommit?.();
        counters.batches++;
        counters.commands += items.length;
        outcomes.forEach((outcome, i) => {
          const item = items[i] as Item;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        });
        return true;
      } catch (error) {
        // Whatever failed, cached balances and transfers may now be wrong: later batches read
        // them afresh, and this one looks its keys up from now on (a duplicate key means that
        // another writer used one of them).
        cache.clear();
        recent.clear();
        lookUpKeys = true;
        // In a batch computed ahead, a duplicate key is a posting numbered like one another
        // process wrote meanwhile (or a key it used), and a NULL balance an account whose row
        // moved on: its basis is stale, as above.
        const errno = errnoOf(error);
        const stale = error instanceof StaleBasis || errno === 1062 || errno === 1048;
        if (errno === 1205) counters.lockWaitTimeouts++;
        if (
          !(error instanceof PreviousBatchFailed) &&
          (stale || errno === 1205 || errno === 1213)
        ) {
          // Another writer (another process) works on these accounts. Overlapping batches hold
          // locks while they wait, in this process, for the batch before them: with another
          // writer in the picture those waits can close a cycle InnoDB cannot see, broken only
          // by the lock wait timeout. So batches stop overlapping for a while: each then takes
          // its locks in key order and waits for nothing in this process while holding them.
          if (pipeline && Date.now() >= contendedUntil) {
            counters.contended++;
            logger.info(
              { errno, pauseMs: contentionPauseMs },
              'another ledger writer is working on the same accounts: batches stop overlapping for a while',
            );
          }
          contendedUntil = Date.now() + contentionPauseMs;
          contention.fire();
          contention = signal();
        }
        if (optimistic && stale) {
          counters.redone++;
          optimistic = false;
          attempt--;
          continue;
        }
        if (errno !== undefined && RETRYABLE_ERRNO.has(errno) && attempt < maxRetries) {
          counters.retries++;
          logger.debug({ errno, attempt, size: items.length }, 'ledger batch retried');
          await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
          continue;
        }
        logger.error({ err: error, size: items.length }, 'ledger batch failed');
        // Nothing of this batch committed (or, if the connection broke during COMMIT, the outcome
        // is unknown): callers may retry with the same idempotency keys safely.
        const failure = new AppError('ledger_unavailable', {
          message:
            'The ledger could not record this transfer; retry with the same idempotency key.',
          cause: error,
        });
        for (const item of items) item.reject(failure);
        return false;
      }
    }
  }

  async function run(): Promise<void> {
    // Commit promises of the batches in flight (at most two: one writing, one computing).
    const inflight: Promise<boolean>[] = [];
    /** Footprints of the batches in `inflight`, in the same order. */
    const footprints: Footprint[] = [];
    try {
      do {
        while (queue.length > 0) {
          if (queue.length < batchSize) {
            // Let callers answered by the previous batch submit their next command first: one
            // turn of the event loop costs microseconds and fills the batch (fewer, larger commits).
            await new Promise((r) => setImmediate(r));
            if (maxWaitMs > 0 && queue.length < batchSize) {
              await new Promise((r) => setTimeout(r, maxWaitMs));
            }
          }
          while (inflight.length >= depth) {
            footprints.shift();
            await inflight.shift();
          }
          const batch = queue.splice(0, batchSize);
          // Posts and voids lock stored transfers: they run alone, after the batches before them.
          const optimistic =
            pipeline &&
            Date.now() >= contendedUntil &&
            inflight.length > 0 &&
            batch.every((item) => item.command.type === 'create');
          if (!optimistic) {
            while (inflight.length > 0) {
              footprints.shift();
              await inflight.shift();
            }
          }
          let markApplied: () => void = () => undefined;
          const applied = new Promise<void>((resolve) => {
            markApplied = resolve;
          });
          const previous = inflight[inflight.length - 1] ?? Promise.resolve(true);
          const footprint: Footprint = { accounts: new Set() };
          // What the batches still in flight hold, or will: all applied by now.
          const held = new Set<string>();
          for (const f of footprints) for (const id of f.accounts) held.add(id);
          inflight.push(
            processBatch(batch, optimistic, markApplied, previous, footprint, {
              accounts: held,
            }).finally(markApplied),
          );
          footprints.push(footprint);
          await applied;
        }
        // Commands submitted while the last batches finish are picked up by the same loop.
        await Promise.all(inflight.splice(0));
      } while (queue.length > 0);
    } finally {
      running = false;
      markIdle();
    }
  }

  function kick(): void {
    if (running) return;
    running = true;
    idle = new Promise((resolve) => {
      markIdle = resolve;
    });
    run().catch((error: unknown) => logger.error({ err: error }, 'ledger writer loop crashed'));
  }

  return {
    submit(command) {
      if (stopped) {
        return Promise.reject(
          new AppError('ledger_unavailable', {
            message: 'The ledger is shutting down; retry shortly.',
          }),
        );
      }
      return new Promise<CommandResult>((resolve, reject) => {
        queue.push({ command, resolve, reject });
        kick();
      });
    },
    async stop() {
      stopped = true;
      await idle;
    },
    stats: () => ({ ...counters, queued: queue.length, phasesMs: { ...phases } }),
  };
}

export { MAX_TRANSFER_AMOUNT };
