import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.js';
import {
  type Mode,
  payouts,
  providerPayments,
  reconSettlementLines,
  refunds,
  SETTLEMENT_LINE_TYPES,
  withdrawals,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';

/**
 * The settlement file's columns, in this order, with a header line. The sandbox provider
 * publishes its daily file in this shape, and files of other providers are uploaded in it.
 * Amounts and fees are integers in minor units; `settled_at` is ISO 8601 with an offset.
 */
export const SETTLEMENT_CSV_COLUMNS = [
  'provider_ref',
  'reference',
  'type',
  'amount',
  'currency',
  'fee',
  'settled_at',
] as const;

const ZInt = z
  .string()
  .regex(/^-?\d{1,16}$/, 'an integer in minor units')
  .transform(Number);
const ZLine = z.object({
  provider_ref: z.string().regex(/^[\x21-\x7e]{1,100}$/, 'printable ASCII, at most 100'),
  reference: z.string().regex(/^[\x21-\x7e]{1,100}$/, 'printable ASCII, at most 100'),
  type: z.enum(SETTLEMENT_LINE_TYPES),
  amount: ZInt.refine((n) => n > 0, 'must be positive'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
  fee: ZInt.refine((n) => n >= 0, 'must not be negative'),
  settled_at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

export const ZProviderName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a provider name');

const BATCH = 1_000;

type Line = typeof reconSettlementLines.$inferInsert & { line: number };

/**
 * Refuses a batch in which a line names one of our records that belongs to another provider, or
 * money of a mode this provider does not serve: a sandbox file must never confirm live money
 * (nor one provider's file another's payments). References we do not know pass: reconciliation
 * reports them as differences.
 */
async function assertLinesBelong(options: {
  tx: Tx;
  provider: string;
  modes: readonly Mode[] | undefined;
  batch: Line[];
}): Promise<void> {
  const refs = (type: Line['type']) => [
    ...new Set(options.batch.filter((l) => l.type === type).map((l) => l.reference)),
  ];
  const [payments, refundRows, payoutRows, withdrawalRows] = await Promise.all([
    refs('payment').length === 0
      ? []
      : options.tx
          .select({
            id: providerPayments.id,
            provider: providerPayments.provider,
            mode: providerPayments.mode,
          })
          .from(providerPayments)
          .where(inArray(providerPayments.id, refs('payment'))),
    refs('refund').length === 0
      ? []
      : options.tx
          .select({ id: refunds.id, mode: refunds.mode })
          .from(refunds)
          .where(inArray(refunds.id, refs('refund'))),
    refs('payout').length === 0
      ? []
      : options.tx
          .select({ id: payouts.id, provider: payouts.provider, mode: payouts.mode })
          .from(payouts)
          .where(inArray(payouts.id, refs('payout'))),
    refs('payout').length === 0
      ? []
      : options.tx
          .select({ id: withdrawals.id, provider: withdrawals.provider, mode: withdrawals.mode })
          .from(withdrawals)
          .where(inArray(withdrawals.id, refs('payout'))),
  ]);
  const known = new Map<string, { provider?: string; mode: Mode }>();
  for (const r of payments) known.set(`payment:${r.id}`, r);
  for (const r of refundRows) known.set(`refund:${r.id}`, r);
  for (const r of [...payoutRows, ...withdrawalRows]) known.set(`payout:${r.id}`, r);
  for (const l of options.batch) {
    const record = known.get(`${l.type}:${l.reference}`);
    if (!record) continue;
    const otherProvider = record.provider !== undefined && record.provider !== options.provider;
    const otherMode = options.modes !== undefined && !options.modes.includes(record.mode);
    if (otherProvider || otherMode) {
      throw new AppError('provider_mode_mismatch', {
        message: `Line ${l.line}: ${l.reference} is ${
          otherProvider
            ? 'not a record of this provider'
            : `${record.mode}-mode money this provider does not handle`
        }; nothing was imported.`,
        field: 'reference',
        details: { line: l.line },
      });
    }
  }
}

/**
 * Imports a provider's settlement file (CSV in the columns above), streamed: rows are parsed
 * and written in batches, all in one transaction, so a bad row (reported with its line number
 * and field) imports nothing. Lines already imported (same provider, type and provider id) are
 * kept as they were, so importing a file twice, or overlapping files, is harmless.
 */
export async function importSettlementFile(options: {
  db: Db;
  provider: string;
  csv: string | AsyncIterable<string | Buffer>;
  batchId?: string;
  /**
   * The modes the provider serves (its adapter's); when left out (a provider this process has
   * no adapter for) only the provider of each record is checked.
   */
  modes?: readonly Mode[] | undefined;
}): Promise<{ batchId: string; lines: number; inserted: number }> {
  const provider = ZProviderName.safeParse(options.provider);
  if (!provider.success) {
    throw new AppError('validation_failed', {
      message: 'Unknown provider name.',
      field: 'provider',
    });
  }
  const batchId = options.batchId ?? newId('stl');
  const source =
    typeof options.csv === 'string' ? Readable.from([options.csv]) : Readable.from(options.csv);
  const parser = source.pipe(
    parse({ columns: true, skip_empty_lines: true, trim: true, max_record_size: 4_096 }),
  );
  let lines = 0;
  let inserted = 0;
  await options.db.transaction(async (tx) => {
    let batch: Line[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await assertLinesBelong({ tx, provider: provider.data, modes: options.modes, batch });
      // IGNORE only skips rows whose key exists: every value was validated above.
      const [result] = await tx
        .insert(reconSettlementLines)
        .ignore()
        .values(batch.map(({ line: _line, ...row }) => row));
      inserted += result.affectedRows;
      batch = [];
    };
    try {
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        lines += 1;
        const parsed = ZLine.safeParse(record);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new AppError('settlement_file_invalid', {
            message: `Line ${lines + 1}: ${String(issue?.path[0] ?? 'line')} ${issue?.message ?? 'is invalid'}; nothing was imported.`,
            field: String(issue?.path[0] ?? ''),
            details: { line: lines + 1 },
          });
        }
        const l = parsed.data;
        batch.push({
          line: lines + 1,
          provider: provider.data,
          providerRef: l.provider_ref,
          type: l.type,
          reference: l.reference,
          amount: l.amount,
          currency: l.currency,
          fee: l.fee,
          settledAt: l.settled_at,
          batchId,
        });
        if (batch.length >= BATCH) await flush();
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      // csv-parse's own errors: unbalanced quotes, a wrong column count, a missing header.
      throw new AppError('settlement_file_invalid', {
        message: `The file is not CSV in the settlement columns (${SETTLEMENT_CSV_COLUMNS.join(',')}); nothing was imported.`,
        internalMessage: error instanceof Error ? error.message : String(error),
      });
    }
    await flush();
  });
  return { batchId, lines, inserted };
}
