import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { reconSettlementLines, SETTLEMENT_LINE_TYPES } from '../../db/schema/index.js';
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
    let batch: (typeof reconSettlementLines.$inferInsert)[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      // IGNORE only skips rows whose key exists: every value was validated above.
      const [result] = await tx.insert(reconSettlementLines).ignore().values(batch);
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
