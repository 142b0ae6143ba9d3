import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SANDBOX_PROVIDER_SECRET, loadEnv, splitDatabaseUrl } from './env.js';

describe('configuration', () => {
  it('defaults work against local MariaDB and Redis', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 4000,
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/ducat',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'ducat:',
      IDEMPOTENCY_TTL_HOURS: 24,
      MIGRATE_ON_START: true,
    });
    expect(env.KAFKA_BROKERS).toBeUndefined();
  });

  it('trusts no proxy by default; TRUST_PROXY is a list of addresses/CIDRs, and `true` is refused', () => {
    expect(loadEnv({}).TRUST_PROXY).toEqual([]);
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toEqual([]);
    expect(loadEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.0.2.7' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.0.2.7',
    ]);
    for (const bad of ['true', '10.0.0.0/99', 'proxy.example']) {
      expect(() => loadEnv({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('listens on 127.0.0.1 in development and on every interface elsewhere, unless HOST says', () => {
    expect(loadEnv({}).HOST).toBe('127.0.0.1');
    expect(loadEnv({ NODE_ENV: 'test' }).HOST).toBe('0.0.0.0');
    expect(loadEnv({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('parses lists and booleans', () => {
    const env = loadEnv({
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000',
      MIGRATE_ON_START: 'false',
      PORT: '8080',
      LOG_LEVEL: '',
    });
    expect(env.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(env.REDIS_CLUSTER_NODES).toEqual(['10.0.0.1:7000', '10.0.0.2:7000']);
    expect(env.MIGRATE_ON_START).toBe(false);
    expect(env.PORT).toBe(8080);
    expect(env.LOG_LEVEL).toBe('info'); // empty means unset
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadEnv({
        PORT: 'eighty',
        DATABASE_URL: 'postgres://localhost/x',
        KAFKA_BROKERS: 'no-port',
        IDEMPOTENCY_TTL_HOURS: '2',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['DATABASE_URL', 'IDEMPOTENCY_TTL_HOURS', 'KAFKA_BROKERS', 'PORT']);
    expect((error as ConfigError).message).toContain('PORT');
  });

  it('configures IPN delivery: 3-day window, 30 s base, 1 h cap, 10 s timeout, 8 at once', () => {
    expect(loadEnv({})).toMatchObject({
      IPN_RETRY_WINDOW_HOURS: 72,
      IPN_BASE_DELAY_MS: 30_000,
      IPN_MAX_DELAY_MS: 3_600_000,
      IPN_TIMEOUT_MS: 10_000,
      IPN_CONCURRENCY: 8,
    });
    expect(loadEnv({ IPN_RETRY_WINDOW_HOURS: '0.5' }).IPN_RETRY_WINDOW_HOURS).toBe(0.5);
    expect(() => loadEnv({ IPN_BASE_DELAY_MS: '5000', IPN_MAX_DELAY_MS: '1000' })).toThrow(
      /IPN_BASE_DELAY_MS: must not exceed IPN_MAX_DELAY_MS/,
    );
    expect(() => loadEnv({ IPN_CONCURRENCY: '0' })).toThrow(/IPN_CONCURRENCY/);
  });

  it('requires a database name in DATABASE_URL', () => {
    expect(() => loadEnv({ DATABASE_URL: 'mysql://root@127.0.0.1:3306' })).toThrow(/DATABASE_URL/);
  });

  it('splits the database name from the server URL', () => {
    expect(splitDatabaseUrl('mysql://u:p@db:3307/shop?ssl=true')).toEqual({
      serverUrl: 'mysql://u:p@db:3307/?ssl=true',
      database: 'shop',
    });
  });

  it('runs the sandbox provider by default outside production, on 4010, with the dev secret', () => {
    expect(loadEnv({})).toMatchObject({
      SANDBOX_PROVIDER_ENABLED: true,
      SANDBOX_PROVIDER_EMBEDDED: true,
      SANDBOX_PROVIDER_PORT: 4010,
      SANDBOX_PROVIDER_URL: 'http://127.0.0.1:4010',
      SANDBOX_PROVIDER_SECRET: DEV_SANDBOX_PROVIDER_SECRET,
      SANDBOX_LATE_DELAY_MS: 10_000,
    });
    expect(loadEnv({ NODE_ENV: 'test', SANDBOX_PROVIDER_ENABLED: 'false' })).toMatchObject({
      SANDBOX_PROVIDER_ENABLED: false,
    });
  });

  it('in production the sandbox is off by default, and on only with a secret of its own', () => {
    const production = {
      NODE_ENV: 'production',
      MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(loadEnv(production).SANDBOX_PROVIDER_ENABLED).toBe(false);
    expect(() => loadEnv({ ...production, SANDBOX_PROVIDER_ENABLED: 'true' })).toThrow(
      /SANDBOX_PROVIDER_SECRET/,
    );
    expect(
      loadEnv({
        ...production,
        SANDBOX_PROVIDER_ENABLED: 'true',
        SANDBOX_PROVIDER_SECRET: 'a-real-staging-secret-0123456789',
      }).SANDBOX_PROVIDER_ENABLED,
    ).toBe(true);
  });

  it('refuses a short sandbox secret and a non-http sandbox URL', () => {
    let error: unknown;
    try {
      loadEnv({ SANDBOX_PROVIDER_SECRET: 'short', SANDBOX_PROVIDER_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'SANDBOX_PROVIDER_SECRET',
      'SANDBOX_PROVIDER_URL',
    ]);
  });

  it('job intervals: name=seconds or name=off for known jobs; anything else is refused', () => {
    expect(loadEnv({}).JOB_INTERVALS).toEqual({});
    expect(
      loadEnv({ JOB_INTERVALS: ' archive-orders=600, reconcile-daily=off ' }).JOB_INTERVALS,
    ).toEqual({ 'archive-orders': 600, 'reconcile-daily': 'off' });
    expect(() => loadEnv({ JOB_INTERVALS: 'make-coffee=60' })).toThrow(/JOB_INTERVALS/);
    expect(() => loadEnv({ JOB_INTERVALS: 'archive-orders=0' })).toThrow(/JOB_INTERVALS/);
    expect(() => loadEnv({ JOB_INTERVALS: 'archive-orders=1.5' })).toThrow(/JOB_INTERVALS/);
  });

  it('the archive age can be under a day in minutes, which replaces the days', () => {
    expect(loadEnv({ ORDER_ARCHIVE_AFTER_MINUTES: '30' }).ORDER_ARCHIVE_AFTER_MINUTES).toBe(30);
    expect(() => loadEnv({ ORDER_ARCHIVE_AFTER_MINUTES: '0' })).toThrow(
      /ORDER_ARCHIVE_AFTER_MINUTES/,
    );
  });
});
