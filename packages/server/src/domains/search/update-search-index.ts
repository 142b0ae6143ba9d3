import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { merchants, orderHistory, orders, users } from '../../db/schema/index.js';
import type { DucatEvent } from '../../events/catalogue.js';
import { platformEvents } from '../../events/index.js';
import type { Subscription } from '../../infra/event-consumer.js';
import type { SearchDocument, SearchIndex } from './search-index.js';

export const SEARCH_CONSUMER = 'search-index';

const MERCHANT_EVENTS = ['merchant.applied', 'merchant.updated', 'merchant.status_changed'];
const ORDER_EVENTS = [
  'order.created',
  'order.status_changed',
  'order.refund_changed',
  'order.exception_resolved',
];

// --- Campaign hook (issue #22 part A) --------------------------------------------------------
// Campaigns are indexed from their own events' payloads, not from their table, so this consumer
// does not depend on it: every `campaign.*` event type in the catalogue is subscribed (none until
// part A lands), and a payload with at least `campaignId`, `merchantId` and `name` is indexed.
// A `campaign.deleted` event removes the document.
const ZCampaignPayload = z.object({
  campaignId: z.string().min(1),
  merchantId: z.string().min(1),
  mode: z.string().optional(),
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  code: z.string().nullable().optional(),
  // `campaign.changed` (part A) carries `codes` and `state`.
  codes: z.array(z.string()).optional(),
  status: z.string().optional(),
  state: z.string().optional(),
  version: z.number().int().nonnegative().optional(),
  createdAt: z.string().optional(),
});
export function campaignEventTypes(): string[] {
  return platformEvents.definitions.map((d) => d.type).filter((t) => t.startsWith('campaign.'));
}
export function campaignDocument(event: DucatEvent): SearchDocument | 'remove' | null {
  const parsed = ZCampaignPayload.safeParse(event.payload);
  if (!parsed.success) return null;
  const p = parsed.data;
  if (event.type === 'campaign.deleted') return 'remove';
  if (!p.name) return null;
  const at = new Date(event.occurredAt);
  // One exact slot per document: the first code is matched exactly, every code as words.
  const codes = p.codes ?? (p.code ? [p.code] : []);
  const status = p.state ?? p.status ?? null;
  return {
    kind: 'campaign',
    recordId: p.campaignId,
    merchantId: p.merchantId,
    mode: p.mode ?? '',
    title: p.name,
    body: [codes.join(', '), status, p.description].filter(Boolean).join(' · '),
    searchable: [p.name, ...codes, p.description].filter(Boolean).join(' '),
    refKey: codes[0] ?? null,
    emailKey: null,
    shopperId: null,
    status,
    // Without a version in the payload, the event's time orders the writes (milliseconds).
    sourceVersion: p.version ?? at.getTime(),
    recordCreatedAt: p.createdAt ? new Date(p.createdAt) : at,
    eventAt: at,
  };
}
// ----------------------------------------------------------------------------------------------

/** The event types the search index is kept from. */
export function searchEventTypes(): string[] {
  return [...MERCHANT_EVENTS, ...ORDER_EVENTS, ...campaignEventTypes()];
}

function recordOf(event: DucatEvent): { kind: 'merchant' | 'order'; id: string } | null {
  const payload = event.payload as { merchantId?: string; orderId?: string };
  if (MERCHANT_EVENTS.includes(event.type) && payload.merchantId) {
    return { kind: 'merchant', id: payload.merchantId };
  }
  if (ORDER_EVENTS.includes(event.type) && payload.orderId) {
    return { kind: 'order', id: payload.orderId };
  }
  return null;
}

function money(amount: number, currency: string): string {
  return `${amount} ${currency}`;
}

/**
 * The documents of these records as they are now (read in the consumer's transaction). Reading
 * the record rather than trusting the event makes a late or redelivered event harmless: it
 * writes the current state, and the version guard keeps an older reading from winning a race.
 */
export async function readDocuments(options: {
  tx: DbOrTx;
  merchantIds: readonly string[];
  orderIds: readonly string[];
  eventAt: (kind: 'merchant' | 'order', id: string) => Date;
}): Promise<{
  documents: SearchDocument[];
  missing: { kind: 'merchant' | 'order'; id: string }[];
}> {
  const { tx } = options;
  const documents: SearchDocument[] = [];
  const missing: { kind: 'merchant' | 'order'; id: string }[] = [];
  if (options.merchantIds.length > 0) {
    const rows = await tx
      .select()
      .from(merchants)
      .where(inArray(merchants.id, [...options.merchantIds]));
    const found = new Set(rows.map((r) => r.id));
    for (const id of options.merchantIds)
      if (!found.has(id)) missing.push({ kind: 'merchant', id });
    for (const m of rows) {
      documents.push({
        kind: 'merchant',
        recordId: m.id,
        merchantId: m.id,
        mode: '',
        title: m.displayName ?? m.businessName,
        body: `${m.contactEmail} · ${m.status}`,
        searchable: [m.businessName, m.displayName, m.contactEmail, m.website, m.supportEmail]
          .filter(Boolean)
          .join(' '),
        refKey: null,
        emailKey: m.contactEmail.toLowerCase(),
        shopperId: null,
        status: m.status,
        sourceVersion: m.version,
        recordCreatedAt: m.createdAt,
        eventAt: options.eventAt('merchant', m.id),
      });
    }
  }
  if (options.orderIds.length > 0) {
    const ids = [...options.orderIds];
    const live = await tx.select().from(orders).where(inArray(orders.id, ids));
    const liveIds = new Set(live.map((r) => r.id));
    const rest = ids.filter((id) => !liveIds.has(id));
    const archived =
      rest.length > 0
        ? await tx.select().from(orderHistory).where(inArray(orderHistory.id, rest))
        : [];
    const rows = [...live, ...archived];
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) missing.push({ kind: 'order', id });
    const shopperIds = [...new Set(rows.map((r) => r.shopperId).filter((s) => s !== null))];
    const emails = new Map<string, string>();
    if (shopperIds.length > 0) {
      const shoppers = await tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(inArray(users.id, shopperIds));
      for (const s of shoppers) emails.set(s.id, s.email.toLowerCase());
    }
    for (const o of rows) {
      const email = o.shopperId ? (emails.get(o.shopperId) ?? null) : null;
      const items = (o.items ?? []).map((i) => i.name).join(' ');
      documents.push({
        kind: 'order',
        recordId: o.id,
        merchantId: o.merchantId,
        mode: o.mode,
        title: o.reference,
        body: [money(o.amount, o.currency), o.status, o.description, email]
          .filter(Boolean)
          .join(' · '),
        searchable: [o.reference, o.description, items, email].filter(Boolean).join(' '),
        refKey: o.reference,
        emailKey: email,
        shopperId: o.shopperId,
        status: o.status,
        sourceVersion: o.version,
        recordCreatedAt: o.createdAt,
        eventAt: options.eventAt('order', o.id),
      });
    }
  }
  return { documents, missing };
}

/** Applies events (in order) to the index: one read per record, one write for all of them. */
export async function indexEvents(options: {
  tx: DbOrTx;
  index: SearchIndex;
  events: readonly DucatEvent[];
}): Promise<void> {
  const { tx, index, events } = options;
  const firstAt = new Map<string, Date>();
  const merchantIds = new Set<string>();
  const orderIds = new Set<string>();
  const campaigns = new Map<string, SearchDocument | 'remove'>();
  for (const event of events) {
    const record = recordOf(event);
    if (record) {
      (record.kind === 'merchant' ? merchantIds : orderIds).add(record.id);
      const key = `${record.kind}|${record.id}`;
      // The earliest event of a record in this delivery: its lag is the one to report.
      if (!firstAt.has(key)) firstAt.set(key, new Date(event.occurredAt));
      continue;
    }
    if (event.type.startsWith('campaign.')) {
      const doc = campaignDocument(event);
      const id = (event.payload as { campaignId?: string }).campaignId;
      if (doc && id) campaigns.set(id, doc);
    }
  }
  const { documents, missing } = await readDocuments({
    tx,
    merchantIds: [...merchantIds],
    orderIds: [...orderIds],
    eventAt: (kind, id) => firstAt.get(`${kind}|${id}`) ?? new Date(),
  });
  for (const [id, doc] of campaigns) {
    if (doc === 'remove') await index.remove({ tx, kind: 'campaign', recordId: id });
    else documents.push(doc);
  }
  for (const m of missing) await index.remove({ tx, kind: m.kind, recordId: m.id });
  await index.index({ tx, documents });
}

/**
 * The search consumer: keeps the index from the event stream. Its writes commit with the
 * processed-events rows (see consumeEvent), so a redelivered event is skipped; a late one
 * re-reads the record and writes nothing older than what is there.
 */
export function searchIndexSubscription(options: { index: SearchIndex }): Subscription {
  return {
    consumer: SEARCH_CONSUMER,
    types: searchEventTypes(),
    async handle({ event, tx }) {
      await indexEvents({ tx, index: options.index, events: [event] });
    },
    async handleBatch({ events, tx }) {
      await indexEvents({ tx, index: options.index, events });
    },
  };
}
