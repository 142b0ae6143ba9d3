import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('writes JSON lines and redacts secrets wherever they appear', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info(
      {
        password: 'p@ss',
        merchant: { merchantKey: 'dk_live_abc', name: 'Shop' },
        req: { headers: { authorization: 'Bearer eyJ', cookie: 'sid=1', host: 'x' } },
      },
      'hello',
    );
    const text = lines.join('');
    expect(text).not.toContain('p@ss');
    expect(text).not.toContain('dk_live_abc');
    expect(text).not.toContain('eyJ');
    expect(text).not.toContain('sid=1');
    const line = JSON.parse(text);
    expect(line).toMatchObject({
      msg: 'hello',
      merchant: { name: 'Shop', merchantKey: '[redacted]' },
    });
  });

  it('redacts bearer values inside free text: links, keys, JWTs, cookies, query secrets, errors', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger({ level: 'debug', destination: sink });
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJvcmQiOiJvcmRfMSJ9.c2lnbmF0dXJl';
    const secrets = [
      jwt,
      'dk_test_AAAAbbbbCCCCdddd0123456789-_xyz',
      'dwhsec_live_ZZZZyyyyXXXX',
      'S3ss10nIdValue_abcdefghij',
      'mailed-token-value-123',
      'hunter2-password',
    ];
    logger.info({ url: `http://localhost:3000/pay/${jwt}?x=1` }, `GET /embed/${jwt} 200`);
    logger.warn(
      { detail: { header: `__Host-ducat_session=${secrets[3]}; other=1` } },
      'key %s leaked',
      secrets[1],
    );
    logger.error(
      { err: new Error(`failed for /reset-password?token=${secrets[4]} with ${secrets[2]}`) },
      `login body password=${secrets[5]}`,
    );
    // A tRPC query's input is URL-encoded JSON: no word boundary before the token.
    logger.debug(
      { url: `/trpc/checkout.open?input=${encodeURIComponent(JSON.stringify({ token: jwt }))}` },
      'request',
    );
    logger.info(
      {
        url: `/trpc/x?input=${encodeURIComponent(JSON.stringify({ token: secrets[4], key: secrets[1] }))}`,
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
    // What makes the lines useful stays.
    expect(text).toContain('/pay/[redacted]');
    expect(text).toContain('GET /embed/[redacted] 200');
    expect(text).toContain('dk_test_[redacted]');
    expect(text).toContain('token=[redacted]');
    const errorLine = JSON.parse(lines[2] ?? '{}') as {
      err?: { message?: string; stack?: string };
    };
    expect(errorLine.err?.message).toContain('/reset-password?token=[redacted]');
    expect(errorLine.err?.stack).toContain('Error: failed');
  });
});
