import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// The platform's own signers: if the server's format drifts, these vectors fail.
import { returnSignaturePayload } from '../../server/src/domains/checkout/return-url.js';
import { signIpn, verifyIpnSignature } from '../../server/src/domains/ipn/sign-ipn.js';
import { verifyCallback } from './callbacks.js';
import { DucatError, SignatureVerificationError } from './errors.js';
import { generateTestHeader, verify, verifyRequest } from './webhooks.js';

const SECRET = 'dwhsec_test_9qk2sL7XbQeZr1m3VtY8uWn4pA6cD0fGhJkLmNoPqRs';
const OLD_SECRET = 'dwhsec_test_old0000000000000000000000000000000000000';
const NOW = 1_764_109_200;
const BODY = JSON.stringify({
  id: 'evt_3x9kQe',
  type: 'order.checkout_success',
  created: NOW - 2,
  livemode: false,
  seq: 1,
  data: { order: { id: 'ord_1', status: 'checkout_success', amount: 1250, currency: 'EUR' } },
});
const at = { now: NOW * 1000 };

function header(secrets: string[], timestamp = NOW, body = BODY): string {
  return signIpn({ body, secrets, timestamp });
}

async function refusal(promise: Promise<unknown>): Promise<SignatureVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignatureVerificationError);
  return error as SignatureVerificationError;
}

describe('webhooks.verify (signature vectors from the server signer)', () => {
  it('accepts a valid IPN and returns the typed event', async () => {
    const event = await verify(BODY, header([SECRET]), SECRET, at);
    expect(event).toMatchObject({ id: 'evt_3x9kQe', type: 'order.checkout_success', seq: 1 });
    if (event.type !== 'order.checkout_success') throw new Error('narrowing by type');
    expect(event.data.order.amount).toBe(1250);
  });

  it('accepts the raw bytes (a Node Buffer) as well as text', async () => {
    const event = await verify(Buffer.from(BODY), header([SECRET]), [SECRET], at);
    expect(event.id).toBe('evt_3x9kQe');
    // Non-ASCII bodies are signed over their UTF-8 bytes.
    const accented = BODY.replace('ord_1', 'ord_é€');
    await verify(Buffer.from(accented), header([SECRET], NOW, accented), SECRET, at);
  });

  it('refuses a tampered body', async () => {
    const tampered = BODY.replace('1250', '125000');
    const error = await refusal(verify(tampered, header([SECRET]), SECRET, at));
    expect(error.code).toBe('signature_mismatch');
  });

  it('refuses the wrong secret', async () => {
    const error = await refusal(verify(BODY, header([OLD_SECRET]), SECRET, at));
    expect(error.code).toBe('signature_mismatch');
  });

  it('refuses a stale timestamp and a far-future one, and accepts within tolerance', async () => {
    const stale = await refusal(verify(BODY, header([SECRET], NOW - 301), SECRET, at));
    expect(stale.code).toBe('timestamp_out_of_tolerance');
    const future = await refusal(verify(BODY, header([SECRET], NOW + 301), SECRET, at));
    expect(future.code).toBe('timestamp_out_of_tolerance');
    await verify(BODY, header([SECRET], NOW - 300), SECRET, at);
    await verify(BODY, header([SECRET], NOW + 300), SECRET, at);
    await verify(BODY, header([SECRET], NOW - 3_000), SECRET, { ...at, tolerance: 3_600 });
    const tight = await refusal(
      verify(BODY, header([SECRET], NOW - 20), SECRET, { ...at, tolerance: 10 }),
    );
    expect(tight.code).toBe('timestamp_out_of_tolerance');
  });

  it('accepts during a rotation: header signed with both, receiver holding either', async () => {
    const both = header([SECRET, OLD_SECRET]);
    await verify(BODY, both, SECRET, at);
    await verify(BODY, both, OLD_SECRET, at);
    // The receiver holds both and the sender has already dropped the old one.
    await verify(BODY, header([SECRET]), [OLD_SECRET, SECRET], at);
    const neither = await refusal(verify(BODY, both, 'dwhsec_test_someone_else', at));
    expect(neither.code).toBe('signature_mismatch');
  });

  it('ignores extra schemes and spaces in the header', async () => {
    const v1 = header([SECRET]).split(',')[1];
    const extra = `t=${NOW}, v0=deadbeef, ${v1}, v2=${'ab'.repeat(32)}, future=x`;
    await verify(BODY, extra, SECRET, at);
    // A header whose only signature is in an unknown scheme has nothing to check.
    const onlyV2 = await refusal(verify(BODY, `t=${NOW},v2=${'ab'.repeat(32)}`, SECRET, at));
    expect(onlyV2.code).toBe('signature_malformed');
  });

  it('refuses missing and malformed headers', async () => {
    expect((await refusal(verify(BODY, undefined, SECRET, at))).code).toBe('signature_missing');
    expect((await refusal(verify(BODY, '', SECRET, at))).code).toBe('signature_missing');
    const v1 = header([SECRET]).split(',')[1];
    for (const bad of [
      `${v1}`,
      `t=${NOW}`,
      `t=abc,${v1}`,
      `t=${NOW},t=${NOW - 1},${v1}`,
      `t=${NOW},v1=xyz`,
      'garbage',
    ]) {
      expect((await refusal(verify(BODY, bad, SECRET, at))).code, bad).toBe('signature_malformed');
    }
  });

  it('refuses a correctly signed body that is not an event', async () => {
    const body = '{"hello":"world"}';
    const error = await refusal(verify(body, header([SECRET], NOW, body), SECRET, at));
    expect(error.code).toBe('payload_invalid');
  });

  it('throws a configuration error, not a signature error, without any secret', async () => {
    const error = await verify(BODY, header([SECRET]), [], at).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DucatError);
    expect(error).not.toBeInstanceOf(SignatureVerificationError);
    expect((error as DucatError).code).toBe('secret_missing');
  });
});

describe('webhooks.verifyRequest', () => {
  it('reads the raw bytes of a standard Request', async () => {
    const request = new Request('https://shop.example/ipn', {
      method: 'POST',
      body: BODY,
      headers: { 'content-type': 'application/json', 'ducat-signature': header([SECRET]) },
    });
    const event = await verifyRequest(request, SECRET, at);
    expect(event.type).toBe('order.checkout_success');
  });

  it('refuses a Request whose body was already consumed, and one without a signature', async () => {
    const used = new Request('https://shop.example/ipn', {
      method: 'POST',
      body: BODY,
      headers: { 'ducat-signature': header([SECRET]) },
    });
    await used.text();
    await expect(verifyRequest(used, SECRET, at)).rejects.toMatchObject({
      code: 'body_already_read',
    });
    const unsigned = new Request('https://shop.example/ipn', { method: 'POST', body: BODY });
    expect((await refusal(verifyRequest(unsigned, SECRET, at))).code).toBe('signature_missing');
  });
});

describe('webhooks.generateTestHeader', () => {
  it('makes exactly the header the platform would send', async () => {
    const made = await generateTestHeader({
      payload: BODY,
      secret: [SECRET, OLD_SECRET],
      timestamp: NOW,
    });
    expect(made).toBe(header([SECRET, OLD_SECRET]));
    expect(
      verifyIpnSignature({
        header: made,
        body: BODY,
        secrets: [SECRET],
        now: new Date(NOW * 1000),
      }),
    ).toEqual({ ok: true, timestamp: NOW });
  });

  it('signs an object payload as its JSON, fresh by default', async () => {
    const payload = JSON.parse(BODY) as Record<string, unknown>;
    const made = await generateTestHeader({ payload, secret: SECRET });
    const event = await verify(JSON.stringify(payload), made, SECRET);
    expect(event.id).toBe('evt_3x9kQe');
  });
});

function signedReturn(
  secret: string,
  overrides: Partial<{
    orderId: string;
    status: string;
    amount: number;
    currency: string;
    timestamp: number;
  }> = {},
): URL {
  const p = {
    orderId: 'ord_1',
    status: 'checkout_success',
    amount: 2500,
    currency: 'EUR',
    timestamp: NOW,
    ...overrides,
  };
  const url = new URL('https://shop.example/checkout/return?cart=7');
  url.searchParams.set('order_id', p.orderId);
  url.searchParams.set('status', p.status);
  url.searchParams.set('amount', String(p.amount));
  url.searchParams.set('currency', p.currency);
  url.searchParams.set('timestamp', String(p.timestamp));
  url.searchParams.set(
    'signature',
    createHmac('sha256', secret).update(returnSignaturePayload(p)).digest('hex'),
  );
  return url;
}

describe('callbacks.verify (the signed return redirect)', () => {
  it('accepts a URL, a path with a query, params and a plain object', async () => {
    const url = signedReturn(SECRET);
    const expected = {
      orderId: 'ord_1',
      status: 'checkout_success',
      amount: 2500,
      currency: 'EUR',
      timestamp: NOW,
    };
    expect(await verifyCallback(url, SECRET, at)).toEqual(expected);
    expect(await verifyCallback(url.toString(), SECRET, at)).toEqual(expected);
    expect(await verifyCallback(`${url.pathname}${url.search}`, SECRET, at)).toEqual(expected);
    expect(await verifyCallback(url.searchParams, SECRET, at)).toEqual(expected);
    expect(
      await verifyCallback(Object.fromEntries(url.searchParams), [OLD_SECRET, SECRET], at),
    ).toEqual(expected);
  });

  it('refuses a changed parameter, the wrong secret, stale and future timestamps', async () => {
    const url = signedReturn(SECRET);
    url.searchParams.set('amount', '1');
    expect((await refusal(verifyCallback(url, SECRET, at))).code).toBe('signature_mismatch');
    const status = signedReturn(SECRET);
    status.searchParams.set('status', 'refunded');
    expect((await refusal(verifyCallback(status, SECRET, at))).code).toBe('signature_mismatch');
    expect((await refusal(verifyCallback(signedReturn(OLD_SECRET), SECRET, at))).code).toBe(
      'signature_mismatch',
    );
    const stale = signedReturn(SECRET, { timestamp: NOW - 301 });
    expect((await refusal(verifyCallback(stale, SECRET, at))).code).toBe(
      'timestamp_out_of_tolerance',
    );
    const future = signedReturn(SECRET, { timestamp: NOW + 301 });
    expect((await refusal(verifyCallback(future, SECRET, at))).code).toBe(
      'timestamp_out_of_tolerance',
    );
  });

  it('refuses a redirect without a signature or with missing parameters', async () => {
    const unsigned = signedReturn(SECRET);
    unsigned.searchParams.delete('signature');
    expect((await refusal(verifyCallback(unsigned, SECRET, at))).code).toBe('signature_missing');
    const partial = signedReturn(SECRET);
    partial.searchParams.delete('currency');
    expect((await refusal(verifyCallback(partial, SECRET, at))).code).toBe('signature_malformed');
  });
});
