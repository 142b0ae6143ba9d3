import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchants, outboxEvents, searchDocuments } from '../db/schema/index.js';
import type { SearchDocument } from '../domains/search/search-index.js';
import {
  createSqlSearchIndex,
  fullTextQuery,
  isExactTerm,
} from '../domains/search/sql-search-index.js';
import {
  campaignDocument,
  SEARCH_CONSUMER,
  searchIndexSubscription,
} from '../domains/search/update-search-index.js';
import type { DucatEvent } from '../events/catalogue.js';
import { createInProcessBus } from '../infra/event-bus.js';
import { consumeEvent, consumeEvents } from '../infra/event-consumer.js';
import { createOutboxRelay, type OutboxRelay } from '../infra/outbox-relay.js';
import { useTestEnv } from './harness.js';
import type { Browser } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startPaymentServer,
  type TestMerchant,
} from './payments.js';
import { ok, refusalOf, signInStaff } from './portal.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let relay: OutboxRelay;
let shopA: TestMerchant;
let shopB: TestMerchant;
let admin: Browser;
let ownerA: Browser;

type Hit = { kind: string; id: string; merchantId: string; title: string; match: string };
type Result = {
  hits: Hit[];
  shoppers: { shopperId: string; email: string; latestOrderId: string }[];
};

async function search(who: Browser, input: Record<string, unknown>): Promise<Result> {
  return ok<Result>(await who.query('search.query', input));
}

async function newOrder(
  merchant: TestMerchant,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; reference: string; token: string }> {
  const input = orderInput(overrides);
  const created = ok<{ order: { id: string }; checkout: { token: string } }>(
    await merchant.call('mutation', 'orders.create', input),
  );
  return {
    id: created.order.id,
    reference: String(input.reference),
    token: created.checkout.token,
  };
}

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 5_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  const db = t().database.db;
  const bus = createInProcessBus({ db, logger: t().logger });
  bus.subscribe(searchIndexSubscription({ index: createSqlSearchIndex({ db }) }));
  // The relay polls every 200 ms (the default), as in production when nothing wakes it.
  relay = createOutboxRelay({ database: t().database, bus, logger: t().logger });
  relay.start();
  shopA = await paymentMerchant(t(), server.base);
  shopB = await paymentMerchant(t(), server.base);
  await db
    .update(merchants)
    .set({
      businessName: 'Quokka Teahouse',
      contactEmail: 'hello@quokka.example',
      version: sql`version + 1`,
    })
    .where(eq(merchants.id, shopA.merchantId));
  admin = await signInStaff(t(), server.base, 'admin');
  ownerA = await signInStaff(t(), server.base, 'owner', shopA.merchantId);
});

afterAll(async () => {
  await relay.stop();
  await server.stop();
});

describe('search index, kept from the event stream', () => {
  it('a new order is findable within 2 s of its creation, by words, id and reference', async () => {
    const started = Date.now();
    const order = await newOrder(shopA, {
      reference: `INV-2026-${started}`,
      description: 'Blue ceramic teapot with bamboo handle',
    });
    const found = await eventually(
      () => search(admin, { q: 'ceramic teapot' }),
      (r) => r.hits.some((h) => h.id === order.id),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(found.hits.find((h) => h.id === order.id)).toMatchObject({
      kind: 'order',
      merchantId: shopA.merchantId,
      title: order.reference,
      match: 'text',
    });
    // Exactly, by id and reference (and their beginnings), where FULLTEXT tokenises badly.
    const byId = await search(admin, { q: order.id });
    expect(byId.hits[0]).toMatchObject({ id: order.id, match: 'exact' });
    const byRef = await search(ownerA, {
      q: order.reference,
      merchantId: shopA.merchantId,
      mode: 'test',
    });
    expect(byRef.hits[0]).toMatchObject({ id: order.id, match: 'exact' });
    expect((await search(admin, { q: 'INV-2026' })).hits.map((h) => h.id)).toContain(order.id);
  });

  it('merchants are found by name, contact email and id; shoppers by email, exactly', async () => {
    // The merchant was renamed directly in the database (no event): an update event re-reads it.
    const { outbox } = await import('../events/index.js');
    await t().database.db.transaction((tx) =>
      outbox.append({
        tx,
        type: 'merchant.updated',
        aggregateId: shopA.merchantId,
        payload: { merchantId: shopA.merchantId, version: 3, fields: ['businessName'] },
      }),
    );
    const byName = await eventually(
      () => search(admin, { q: 'quokka' }),
      (r) => r.hits.some((h) => h.id === shopA.merchantId),
    );
    expect(byName.hits.find((h) => h.id === shopA.merchantId)?.title).toBe('Quokka Teahouse');
    expect((await search(admin, { q: 'hello@quokka.example' })).hits[0]).toMatchObject({
      kind: 'merchant',
      id: shopA.merchantId,
      match: 'exact',
    });
    expect((await search(admin, { q: shopA.merchantId })).hits[0]?.id).toBe(shopA.merchantId);

    const shopper = await paymentShopper(t(), server, 10_000);
    const order = await newOrder(shopA, { amount: 1_200 });
    ok(await shopper.browser.mutation('checkout.payWithWallet', { token: order.token }));
    const byEmail = await eventually(
      () => search(ownerA, { q: shopper.email, merchantId: shopA.merchantId, mode: 'test' }),
      // The payment's event adds the email to the order's document; until the consumer has it, the
      // email's words may match the text alone.
      (r) => r.shoppers.length > 0 && r.hits.some((h) => h.match === 'exact'),
    );
    expect(byEmail.hits.map((h) => [h.id, h.match])).toEqual([[order.id, 'exact']]);
    expect(byEmail.shoppers).toEqual([
      { shopperId: shopper.userId, email: shopper.email.toLowerCase(), latestOrderId: order.id },
    ]);
  });

  it('a merchant sees only its own records, in its mode; admins see all', async () => {
    const word = `zebrawood${Date.now()}`;
    const mine = await newOrder(shopA, { description: `${word} chair` });
    const theirs = await newOrder(shopB, { description: `${word} table` });
    const all = await eventually(
      () => search(admin, { q: word }),
      (r) => r.hits.length === 2,
    );
    expect(all.hits.map((h) => h.id).sort()).toEqual([mine.id, theirs.id].sort());
    const own = await search(ownerA, { q: word, merchantId: shopA.merchantId, mode: 'test' });
    expect(own.hits.map((h) => h.id)).toEqual([mine.id]);
    // Not by id either, and not in the other mode.
    expect((await search(ownerA, { q: theirs.id, merchantId: shopA.merchantId })).hits).toEqual([]);
    expect(
      (await search(ownerA, { q: word, merchantId: shopA.merchantId, mode: 'live' })).hits,
    ).toEqual([]);
    // Naming another merchant, or none, is refused before anything is read.
    expect(
      refusalOf(await ownerA.query('search.query', { q: word, merchantId: shopB.merchantId })),
    ).toBe('forbidden');
    expect(refusalOf(await ownerA.query('search.query', { q: word }))).toBe('forbidden');
    // An admin can narrow to one merchant.
    const narrowed = await search(admin, { q: word, merchantId: shopB.merchantId });
    expect(narrowed.hits.map((h) => h.id)).toEqual([theirs.id]);
  });

  it("exact lookups: found by id, reference and email, never another merchant's order", async () => {
    const ownerB = await signInStaff(t(), server.base, 'owner', shopB.merchantId);
    const shopper = await paymentShopper(t(), server, 10_000);
    // The same reference at two merchants (references are the merchant's own), one shopper.
    const reference = `SHARED-${Date.now()}`;
    const mine = await newOrder(shopA, { reference, amount: 1_100 });
    const theirs = await newOrder(shopB, { reference, amount: 1_300 });
    ok(await shopper.browser.mutation('checkout.payWithWallet', { token: mine.token }));
    ok(await shopper.browser.mutation('checkout.payWithWallet', { token: theirs.token }));
    const email = shopper.email.toLowerCase();
    const inA = (q: string) => search(ownerA, { q, merchantId: shopA.merchantId, mode: 'test' });
    const inB = (q: string) => search(ownerB, { q, merchantId: shopB.merchantId, mode: 'test' });
    const found = (r: Result) => r.hits.map((h) => [h.id, h.match]);

    // Platform staff: both, by reference and by email, once the payments' events are indexed.
    const byEmail = await eventually(
      () => search(admin, { q: email }),
      (r) => r.hits.length === 2,
    );
    expect(found(byEmail).sort()).toEqual(
      [
        [mine.id, 'exact'],
        [theirs.id, 'exact'],
      ].sort(),
    );
    expect((await search(admin, { q: reference })).hits.map((h) => h.id).sort()).toEqual(
      [mine.id, theirs.id].sort(),
    );

    // A merchant: its own order by id (whole or its beginning), reference and email; nothing else.
    expect(found(await inA(mine.id))).toEqual([[mine.id, 'exact']]);
    expect(found(await inA(mine.id.slice(0, -4)))).toContainEqual([mine.id, 'exact']);
    expect(found(await inA(reference))).toEqual([[mine.id, 'exact']]);
    expect(found(await inA(reference.toLowerCase()))).toEqual([[mine.id, 'exact']]);
    expect(found(await inA(email))).toEqual([[mine.id, 'exact']]);
    expect((await inA(email)).shoppers).toEqual([
      { shopperId: shopper.userId, email, latestOrderId: mine.id },
    ]);
    expect(found(await inB(reference))).toEqual([[theirs.id, 'exact']]);
    expect(found(await inB(email))).toEqual([[theirs.id, 'exact']]);
    // The other merchant's order is not found by its id, even though it shares the reference.
    expect((await inA(theirs.id)).hits).toEqual([]);
    expect((await inB(mine.id)).hits).toEqual([]);
    // Nor in the other mode.
    expect(
      (await search(ownerA, { q: reference, merchantId: shopA.merchantId, mode: 'live' })).hits,
    ).toEqual([]);
  });

  it('a campaign is found by its name and its code once its campaign.changed event is indexed', async () => {
    const name = `Lanternfest ${Date.now()}`;
    const code = `LANTERN${Date.now() % 100_000}`;
    const campaign = ok<{ id: string }>(
      await shopA.call('mutation', 'campaigns.create', {
        name,
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        reward: { type: 'discount_percent', basisPoints: 1_000 },
        currency: 'EUR',
        budget: 100_000,
        codes: [code],
      }),
    );
    const inA = (q: string) => search(ownerA, { q, merchantId: shopA.merchantId, mode: 'test' });
    const byName = await eventually(
      () => inA('lanternfest'),
      (r) => r.hits.some((h) => h.id === campaign.id),
    );
    expect(byName.hits.find((h) => h.id === campaign.id)).toMatchObject({
      kind: 'campaign',
      title: name,
      match: 'text',
    });
    expect((await inA(code.toLowerCase())).hits[0]).toMatchObject({
      id: campaign.id,
      match: 'exact',
    });
    expect((await inA(campaign.id)).hits.map((h) => h.id)).toEqual([campaign.id]);
    // Not another merchant's.
    const ownerB = await signInStaff(t(), server.base, 'owner', shopB.merchantId);
    expect(
      (await search(ownerB, { q: code, merchantId: shopB.merchantId, mode: 'test' })).hits,
    ).toEqual([]);
  });

  it('identifiers are looked up exactly only; a newer version replaces a term, an older one does not', async () => {
    for (const q of ['ord_abc123', 'INV-2026', 'a@b.example', 'mch_x']) {
      expect(isExactTerm(q)).toBe(true);
    }
    for (const q of ['teapot', 'blue-teapot', 'zebrawood123', 'ceramic teapot 2']) {
      expect(isExactTerm(q)).toBe(false);
    }
    const index = createSqlSearchIndex({ db: t().database.db });
    const doc: SearchDocument = {
      kind: 'campaign',
      recordId: 'cmp_terms',
      merchantId: shopA.merchantId,
      mode: 'test',
      title: 'Terms',
      body: '',
      searchable: 'Terms',
      refKey: 'OLDCODE',
      emailKey: null,
      shopperId: null,
      status: 'active',
      sourceVersion: 5,
      recordCreatedAt: new Date(),
      eventAt: new Date(),
    };
    const scope = { q: '', merchantId: shopA.merchantId, mode: 'test' } as const;
    const ids = async (q: string) => (await search(ownerA, { ...scope, q })).hits.map((h) => h.id);
    await index.index({ documents: [doc] });
    expect(await ids('OLDCODE')).toEqual(['cmp_terms']);
    await index.index({ documents: [{ ...doc, refKey: 'NEWCODE', sourceVersion: 6 }] });
    expect(await ids('OLDCODE')).toEqual([]);
    expect(await ids('NEWCODE')).toEqual(['cmp_terms']);
    await index.index({ documents: [{ ...doc, refKey: 'STALECODE', sourceVersion: 4 }] });
    expect(await ids('STALECODE')).toEqual([]);
    expect(await ids('NEWCODE')).toEqual(['cmp_terms']);
    await index.remove({ kind: 'campaign', recordId: 'cmp_terms' });
    expect(await ids('NEWCODE')).toEqual([]);
    expect(await ids('cmp_terms')).toEqual([]);
  });

  it('bad input is a typed validation error', async () => {
    expect(refusalOf(await admin.query('search.query', { q: '   ' }))).toBe('validation_failed');
    expect(refusalOf(await admin.query('search.query', { q: 'x'.repeat(201) }))).toBe(
      'validation_failed',
    );
    expect(refusalOf(await admin.query('search.query', { q: 'tea', limit: 500 }))).toBe(
      'validation_failed',
    );
    // Stopwords and short words alone search nothing (and fail nothing).
    expect((await search(admin, { q: 'the of' })).hits).toEqual([]);
    expect(fullTextQuery('Blue, the teapot!')).toBe('+blue* +teapot*');
  });

  it('re-delivered events change nothing; an older version never overwrites a newer one', async () => {
    await relay.drain();
    const db = t().database.db;
    const snapshot = async () =>
      (
        await db
          .select({
            kind: searchDocuments.kind,
            id: searchDocuments.recordId,
            v: searchDocuments.sourceVersion,
            title: searchDocuments.title,
            status: searchDocuments.status,
            indexedAt: searchDocuments.indexedAt,
          })
          .from(searchDocuments)
          .orderBy(asc(searchDocuments.kind), asc(searchDocuments.recordId))
      ).map((r) => ({ ...r, indexedAt: r.indexedAt.getTime() }));
    const before = await snapshot();
    const rows = await db.select().from(outboxEvents).orderBy(asc(outboxEvents.seq));
    const subscription = searchIndexSubscription({ index: createSqlSearchIndex({ db }) });
    const events: DucatEvent[] = rows
      .map((r) => ({
        id: r.eventId,
        type: r.type,
        version: r.version,
        aggregateType: r.aggregateType,
        aggregateId: r.aggregateId,
        occurredAt: r.occurredAt.toISOString(),
        payload: r.payload,
      }))
      .filter((e) => (subscription.types as readonly string[]).includes(e.type));
    expect(events.length).toBeGreaterThan(0);
    // Once as a batch and once one by one, at the same time: every event is a duplicate.
    const [batched, ...single] = await Promise.all([
      consumeEvents({ db, subscription, events }),
      ...events.map((event) => consumeEvent({ db, subscription, event })),
    ]);
    expect(batched).toBe(0);
    expect(new Set(single)).toEqual(new Set(['duplicate']));
    expect(await snapshot()).toEqual(before);
    const [processed] = (await db.execute(
      sql`SELECT COUNT(*) AS n FROM processed_events WHERE consumer = ${SEARCH_CONSUMER}`,
    )) as unknown as [{ n: number }[]];
    expect(Number(processed[0]?.n)).toBe(events.length);

    // Out of order: a write carrying an older version of a record loses to the newer one.
    const index = createSqlSearchIndex({ db });
    const doc: SearchDocument = {
      kind: 'campaign',
      recordId: 'cmp_test',
      merchantId: shopA.merchantId,
      mode: 'test',
      title: 'Spring sale v5',
      body: '',
      searchable: 'Spring sale',
      refKey: 'SPRING',
      emailKey: null,
      shopperId: null,
      status: 'active',
      sourceVersion: 5,
      recordCreatedAt: new Date(),
      eventAt: new Date(),
    };
    await index.index({ documents: [doc] });
    await index.index({ documents: [{ ...doc, title: 'Spring sale v3', sourceVersion: 3 }] });
    const [kept] = await db
      .select()
      .from(searchDocuments)
      .where(eq(searchDocuments.recordId, 'cmp_test'));
    expect([kept?.title, kept?.sourceVersion]).toEqual(['Spring sale v5', 5]);
    await index.index({ documents: [{ ...doc, title: 'Spring sale v6', sourceVersion: 6 }] });
    expect(
      (await search(ownerA, { q: 'SPRING', merchantId: shopA.merchantId, mode: 'test' })).hits[0],
    ).toMatchObject({ kind: 'campaign', title: 'Spring sale v6' });
    await index.remove({ kind: 'campaign', recordId: 'cmp_test' });
    expect((await search(admin, { q: 'cmp_test' })).hits).toEqual([]);
  });

  it('campaign events (part A) are indexed from their payload; a missing name is skipped', () => {
    const event = {
      id: 'evt_1',
      type: 'campaign.updated',
      version: 1,
      aggregateType: 'campaign',
      aggregateId: 'cmp_1',
      occurredAt: '2026-12-01T10:00:00.000Z',
      payload: {
        campaignId: 'cmp_1',
        merchantId: 'mch_1',
        mode: 'live',
        name: 'Winter',
        code: 'SNOW',
        version: 2,
      },
    };
    expect(campaignDocument(event)).toMatchObject({
      kind: 'campaign',
      recordId: 'cmp_1',
      mode: 'live',
      title: 'Winter',
      refKey: 'SNOW',
      sourceVersion: 2,
    });
    expect(campaignDocument({ ...event, payload: { campaignId: 'cmp_1' } })).toBeNull();
    expect(campaignDocument({ ...event, type: 'campaign.deleted' })).toBe('remove');
  });

  it('the index lag is measured and readable by platform staff', async () => {
    const lag = ok<{ samples: number; p99Ms: number; pendingEvents: number }>(
      await admin.query('search.lag'),
    );
    expect(lag.samples).toBeGreaterThan(3);
    expect(lag.p99Ms).toBeGreaterThanOrEqual(0);
    expect(lag.p99Ms).toBeLessThan(2_000);
    expect(refusalOf(await ownerA.query('search.lag'))).toBe('forbidden');
  });
});
