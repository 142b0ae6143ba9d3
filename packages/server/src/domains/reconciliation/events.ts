import { z } from 'zod';
import { RECON_CATEGORIES, RECON_KINDS } from '../../db/schema/index.js';
import { defineEvent } from '../../events/catalogue.js';

const ZDifferenceRef = z.object({
  differenceId: z.string(),
  category: z.enum(RECON_CATEGORIES),
  kind: z.enum(RECON_KINDS),
  subjectId: z.string(),
  merchantId: z.string().nullable(),
  currency: z.string(),
  delta: z.number().int(),
});

export const differenceFound = defineEvent({
  type: 'reconciliation.difference_found',
  version: 1,
  aggregateType: 'recon_difference',
  description: 'A reconciliation run found a difference it had not seen before (or saw again).',
  schema: ZDifferenceRef.extend({ runId: z.string() }),
});

export const differenceResolved = defineEvent({
  type: 'reconciliation.difference_resolved',
  version: 1,
  aggregateType: 'recon_difference',
  description: 'A difference was resolved: by an adjustment, explained, or by a later run (auto).',
  schema: ZDifferenceRef.extend({
    resolution: z.enum(['adjustment', 'explained', 'auto']),
    adjustmentTransferId: z.string().nullable(),
    by: z.string().nullable(),
  }),
});

export const differenceReopened = defineEvent({
  type: 'reconciliation.difference_reopened',
  version: 1,
  aggregateType: 'recon_difference',
  description: 'A resolved difference was reopened by staff.',
  schema: ZDifferenceRef.extend({ by: z.string() }),
});

export const runCompleted = defineEvent({
  type: 'reconciliation.run_completed',
  version: 1,
  aggregateType: 'recon_run',
  description: 'A reconciliation run finished: its counts per outcome and the ledger check.',
  schema: z.object({
    runId: z.string(),
    merchantId: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    counts: z.record(z.string(), z.number().int()),
    ledgerOk: z.boolean(),
  }),
});

export const stakeholdersNotified = defineEvent({
  type: 'reconciliation.stakeholders_notified',
  version: 1,
  aggregateType: 'notification',
  description: 'Stakeholders were told about new differences, stuck orders or exceptions.',
  schema: z.object({
    recipients: z.number().int(),
    items: z.array(z.object({ type: z.string(), id: z.string(), summary: z.string() })),
  }),
});

export const reconciliationEvents = [
  differenceFound,
  differenceResolved,
  differenceReopened,
  runCompleted,
  stakeholdersNotified,
] as const;
