import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import { createSession, destroyUserSessions, readSession, sessionGeneration } from './sessions.js';

const t = useTestEnv();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sessions in Redis', () => {
  it('ids are random 256-bit values and Redis stores only their hash', async () => {
    const config = { idleSeconds: 60, absoluteSeconds: 600 };
    const a = await createSession({ redis: t().redis, config, kind: 'shopper', userId: 'usr_a' });
    const b = await createSession({ redis: t().redis, config, kind: 'shopper', userId: 'usr_a' });
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    expect(await t().redis.exists(`sess:${a.id}`)).toBe(0);
    expect(
      await readSession({ redis: t().redis, config, id: a.id, kind: 'shopper' }),
    ).toMatchObject({
      userId: 'usr_a',
    });
    // A shopper session is not a staff session.
    expect(
      await readSession({ redis: t().redis, config, id: a.id, kind: 'staff' }),
    ).toBeUndefined();
  });

  it('idle sessions expire; use slides the idle window but never past the absolute limit', async () => {
    // Margins of ~0.8 s on each side keep this stable on a loaded machine.
    const config = { idleSeconds: 2, absoluteSeconds: 4 };
    const redis = t().redis;
    const idle = await createSession({ redis, config, kind: 'shopper', userId: 'usr_idle' });
    const busy = await createSession({ redis, config, kind: 'shopper', userId: 'usr_busy' });
    await sleep(1_200);
    expect(await readSession({ redis, config, id: busy.id, kind: 'shopper' })).toBeDefined();
    await sleep(1_200);
    expect(await readSession({ redis, config, id: idle.id, kind: 'shopper' })).toBeUndefined();
    expect(await readSession({ redis, config, id: busy.id, kind: 'shopper' })).toBeDefined();
    await sleep(1_800);
    expect(await readSession({ redis, config, id: busy.id, kind: 'shopper' })).toBeUndefined();
  });

  it('revoke-all ends every session of one user and no one else', async () => {
    const config = { idleSeconds: 60, absoluteSeconds: 600 };
    const redis = t().redis;
    const mine = await Promise.all(
      [1, 2, 3].map(() => createSession({ redis, config, kind: 'shopper', userId: 'usr_me' })),
    );
    const theirs = await createSession({ redis, config, kind: 'shopper', userId: 'usr_them' });
    expect(await destroyUserSessions({ redis, kind: 'shopper', userId: 'usr_me' })).toBe(3);
    for (const s of mine) {
      expect(await readSession({ redis, config, id: s.id, kind: 'shopper' })).toBeUndefined();
    }
    expect(await readSession({ redis, config, id: theirs.id, kind: 'shopper' })).toBeDefined();
  });

  it('a session made from a generation snapshot taken before a revoke-all is dead on arrival', async () => {
    const config = { idleSeconds: 60, absoluteSeconds: 600 };
    const redis = t().redis;
    // A log-in snapshots the generation, then (slowly) checks the old password...
    const snapshot = await sessionGeneration({ redis, kind: 'shopper', userId: 'usr_race' });
    // ...while the password changes and every session is revoked...
    await destroyUserSessions({ redis, kind: 'shopper', userId: 'usr_race' });
    // ...and only then stores its session: it must not be usable.
    const late = await createSession({
      redis,
      config,
      kind: 'shopper',
      userId: 'usr_race',
      generation: snapshot,
    });
    expect(await readSession({ redis, config, id: late.id, kind: 'shopper' })).toBeUndefined();
    // A log-in after the change works.
    const fresh = await createSession({ redis, config, kind: 'shopper', userId: 'usr_race' });
    expect(await readSession({ redis, config, id: fresh.id, kind: 'shopper' })).toBeDefined();
  });
});
