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
});
