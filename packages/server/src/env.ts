import { z } from 'zod';
import { isJobName, JOB_NAMES, type JobName } from './jobs/job-names.js';
import { ZTrustProxy } from './trust-proxy.js';

/**
 * The only place that reads configuration. Everything else receives an `Env`.
 * Defaults work against a local MariaDB/MySQL (root, no password) and Redis.
 */

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port');

/** `count/seconds`, e.g. `10/60`: at most 10 requests per 60 s, spread evenly (GCRA). */
const rateLimit = z
  .string()
  .regex(/^\d+\/\d+$/, 'expected count/seconds, e.g. 10/60')
  .transform((s) => {
    const [limit, period] = s.split('/').map(Number);
    return { limit: limit ?? 0, periodSeconds: period ?? 0 };
  })
  .refine((r) => r.limit >= 1 && r.periodSeconds >= 1, 'count and seconds must be at least 1');

/**
 * Development-only master key (32 zero-free bytes, base64). Refused in production, where
 * MASTER_KEY must be set; data encrypted under it is only as secret as this repository.
 */
export const DEV_MASTER_KEY = 'ZGV2LW9ubHktZHVjYXQtbWFzdGVyLWtleS0zMmJ5dGU=';

/** Also the manual resend's timeout where a context was built without configuration (tests). */
export const IPN_TIMEOUT_MS_DEFAULT = 10_000;
/** IPN_RETRY_WINDOW_HOURS when unset. */
export const IPN_RETRY_WINDOW_HOURS_DEFAULT = 72;
/**
 * Development-only shared secret of the sandbox provider (its API key and notification signing
 * key). Refused in production when the sandbox is enabled there.
 */
export const DEV_SANDBOX_PROVIDER_SECRET = 'sandbox-dev-only-secret-do-not-use-in-production';

export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Default: 127.0.0.1 in development (nothing else on the network reaches a dev server), else 0.0.0.0. */
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: booleanString.default(false),

  DATABASE_URL: z
    .string()
    .url()
    .refine((u) => /^mysql:\/\//.test(u), 'must be a mysql:// URL')
    .refine((u) => new URL(u).pathname.length > 1, 'must name a database, e.g. /ducat')
    .default('mysql://root@127.0.0.1:3306/ducat'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  MIGRATE_ON_START: booleanString.default(true),

  REDIS_URL: z
    .string()
    .url()
    .refine((u) => /^rediss?:\/\//.test(u), 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /** When set, Redis is used as a Cluster seeded from these nodes and REDIS_URL is ignored. */
  REDIS_CLUSTER_NODES: commaList.pipe(z.array(hostPort)).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.{}-]*$/, 'letters, digits and : _ . - { } only')
    .default('ducat:'),
  /**
   * Every Redis command fails after this long without a reply (a paused or partitioned Redis):
   * requests answer a typed 503 quickly instead of hanging. Well above a loaded server's p99.
   */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),

  /** When set, outbox events are published to Kafka instead of in-process subscribers. */
  KAFKA_BROKERS: commaList.pipe(z.array(hostPort).min(1)).optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('ducat'),
  KAFKA_TOPIC_PREFIX: z.string().default('ducat.'),

  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(24)
    .max(24 * 30)
    .default(24),
  /** Connections of the ledger writer's own pool (apart from DATABASE_POOL_SIZE). */
  LEDGER_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(4),
  LEDGER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(400),
  LEDGER_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1_000).default(0),
  /** Send the writer's rows with LOAD DATA LOCAL INFILE (falls back to INSERT when refused). */
  LEDGER_LOAD_DATA: booleanString.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),

  /** base64 of 32 random bytes: encrypts merchant keys and webhook secrets at rest. */
  MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
    .optional(),
  MERCHANT_JWT_AUDIENCE: z.string().min(1).default('ducat-api'),
  KEY_ROTATION_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400),
  MERCHANT_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** scrypt cost N (a power of two); memory used is 128 * N * 8 bytes (32 MiB at the default). */
  SCRYPT_COST: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two')
    .default(2 ** 15),
  SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 60),
  SESSION_ABSOLUTE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 3600),
  /** `auto`: Secure cookies when the request came over https (see TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * The reverse proxies in front of the API (addresses, CIDRs, or proxy-addr's names `loopback`,
   * `linklocal`, `uniquelocal`), comma-separated. X-Forwarded-For / X-Forwarded-Proto are
   * believed only on connections from these addresses. Default: none.
   */
  TRUST_PROXY: ZTrustProxy,
  /** Where the demo seed saves the demo merchant's new keys; default `.ducat-demo.json` at the
   * repository root (the browser tests point it elsewhere so they never touch the developer's). */
  DEMO_KEYS_FILE: z.string().min(1).optional(),
  /** The example store's origin for the demo merchant (return, IPN and widget origin). */
  DEMO_STORE_URL: z.string().url().default('http://localhost:3002'),
  /** Where links in mails point (the hosted checkout / wallet site). */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /** smtp:// or smtps:// URL; unset: mail is stored in the development mailbox table. */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Ducat <no-reply@ducat.localhost>'),
  /**
   * Who is mailed about reconciliation differences, stuck orders and exceptions (comma-separated);
   * unset: every active platform admin and finance staff member.
   */
  RECON_NOTIFY_EMAILS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.email())),
  /** The daily reconciliation covers yesterday and the days before it, this many in all. */
  RECON_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(31).default(3),
  /** The first platform admin, created on start when no admin exists yet. */
  BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
  RATE_LIMIT_LOGIN: rateLimit.default({ limit: 10, periodSeconds: 60 }),
  /** Failed log-ins across every account and address (a sliding window): slows a spray. */
  RATE_LIMIT_LOGIN_FAILURES_GLOBAL: rateLimit.default({ limit: 300, periodSeconds: 60 }),
  RATE_LIMIT_SIGNUP: rateLimit.default({ limit: 5, periodSeconds: 3600 }),
  RATE_LIMIT_PASSWORD_RESET: rateLimit.default({ limit: 5, periodSeconds: 3600 }),
  RATE_LIMIT_PAYMENT: rateLimit.default({ limit: 30, periodSeconds: 60 }),
  RATE_LIMIT_MERCHANT_API: rateLimit.default({ limit: 100, periodSeconds: 1 }),

  /** Where shoppers pay: checkout links are `<CHECKOUT_URL>/pay/<token>`. */
  CHECKOUT_URL: z.string().url().default('http://localhost:3000'),
  /** This API's public URL: issuer of checkout tokens, base of provider notification URLs. */
  API_PUBLIC_URL: z.string().url().default('http://localhost:4000'),
  /**
   * Where every API error's `docUrl` points (`<DOCS_URL>#<code>`). Default: this server's own
   * error reference, `<API_PUBLIC_URL>/docs/errors`, which always matches the running version.
   */
  DOCS_URL: z.string().url().optional(),
  ORDER_DEFAULT_EXPIRY_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(30 * 24 * 60)
    .default(60),
  /** The longest expiry a merchant may ask for; retiring signing keys stay published this long. */
  ORDER_MAX_EXPIRY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24)
    .default(7 * 24),
  /**
   * The lease of an order's lock: renewed every third of it while its holder lives, so a holder
   * that died (kill -9) frees the order within this long. Far below any order expiry.
   */
  ORDER_LOCK_TTL_MS: z.coerce.number().int().min(1_000).max(300_000).default(5_000),
  /** Final orders older than this move to order history. */
  ORDER_ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  /** When set, replaces ORDER_ARCHIVE_AFTER_DAYS: an age under a day (a demo, a trial run). */
  ORDER_ARCHIVE_AFTER_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(3_650 * 1_440)
    .optional(),
  /**
   * Background job intervals, `name=seconds` or `name=off` (runs only when an operator asks),
   * comma-separated, e.g. `archive-orders=600,reconcile-daily=off`; unlisted jobs keep their
   * default (jobs/platform-jobs.ts).
   */
  JOB_INTERVALS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const out: Partial<Record<JobName, number | 'off'>> = {};
      for (const part of text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const match = /^([a-z-]+)=(off|\d+)$/.exec(part);
        const name = match?.[1];
        const value = match?.[2];
        if (!name || !value || !isJobName(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${part}": expected name=seconds or name=off, name one of ${JOB_NAMES.join(', ')}`,
          });
          return z.NEVER;
        }
        const seconds = value === 'off' ? 'off' : Number(value);
        if (seconds !== 'off' && (seconds < 1 || seconds > 7 * 86_400)) {
          ctx.addIssue({ code: 'custom', message: `"${part}": seconds from 1 to 604800` });
          return z.NEVER;
        }
        out[name] = seconds;
      }
      return out;
    }),
  /** An order still open this long past its expiry is flagged as stuck. */
  ORDER_STUCK_GRACE_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
  /** A provider payment with no answer after this long is queried, then flagged. */
  PROVIDER_NO_ANSWER_MINUTES: z.coerce.number().int().min(1).max(1_440).default(10),
  /**
   * `all`: this process serves the API and runs the background jobs; `api`: API only (run a
   * `worker` process next to it); `worker`: background jobs only.
   */
  PROCESS_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** How long an IPN is retried before it is given up (`failed`); a manual resend still works. */
  IPN_RETRY_WINDOW_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(30 * 24)
    .default(IPN_RETRY_WINDOW_HOURS_DEFAULT),
  /** Exponential backoff with full jitter: retry n waits random(0, min(max, base * 2^(n-1))). */
  IPN_BASE_DELAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(30_000),
  IPN_MAX_DELAY_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400_000)
    .default(3_600_000),
  /** One POST to a merchant (connect, answer and the first bytes of the body) gets this long. */
  IPN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(IPN_TIMEOUT_MS_DEFAULT),
  /** IPNs posted at once per process, so a few slow merchants cannot hold up the others. */
  IPN_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /**
   * Post IPNs to loopback and private-network addresses too. Default: on outside production
   * only, so a merchant's IPN URL cannot reach into the platform's own network.
   */
  IPN_ALLOW_PRIVATE_NETWORKS: booleanString.optional(),
  /** Offer the simulated payment provider (its adapter). Default: on outside production. */
  SANDBOX_PROVIDER_ENABLED: booleanString.optional(),
  /** Run the sandbox inside the server process; false when it runs apart (`pnpm sandbox`). */
  SANDBOX_PROVIDER_EMBEDDED: booleanString.default(true),
  SANDBOX_PROVIDER_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /** Where browsers and the adapter reach the sandbox (its pages and API). */
  SANDBOX_PROVIDER_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
    .default('http://127.0.0.1:4010'),
  SANDBOX_PROVIDER_SECRET: z.string().min(16).default(DEV_SANDBOX_PROVIDER_SECRET),
  /** How long the "late answer" test card waits before notifying success. */
  SANDBOX_LATE_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
});

/** Rules across variables; production also refuses development defaults for secrets and hashing. */
const ZEnvChecked = ZEnv.superRefine((env, ctx) => {
  if (env.IPN_BASE_DELAY_MS > env.IPN_MAX_DELAY_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['IPN_BASE_DELAY_MS'],
      message: 'must not exceed IPN_MAX_DELAY_MS',
    });
  }
  if (env.NODE_ENV !== 'production') return;
  if (env.MASTER_KEY === undefined || env.MASTER_KEY === DEV_MASTER_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['MASTER_KEY'],
      message: 'required in production (base64 of 32 random bytes: openssl rand -base64 32)',
    });
  }
  if (env.SCRYPT_COST < 2 ** 14) {
    ctx.addIssue({
      code: 'custom',
      path: ['SCRYPT_COST'],
      message: 'at least 16384 in production',
    });
  }
  if (
    env.SANDBOX_PROVIDER_ENABLED === true &&
    env.SANDBOX_PROVIDER_SECRET === DEV_SANDBOX_PROVIDER_SECRET
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['SANDBOX_PROVIDER_SECRET'],
      message: 'required in production when the sandbox is enabled (openssl rand -hex 32)',
    });
  }
}).transform((env) => ({
  ...env,
  // The default depends on NODE_ENV, which a per-field default cannot see.
  HOST: env.HOST ?? (env.NODE_ENV === 'development' ? '127.0.0.1' : '0.0.0.0'),
  SANDBOX_PROVIDER_ENABLED: env.SANDBOX_PROVIDER_ENABLED ?? env.NODE_ENV !== 'production',
  IPN_ALLOW_PRIVATE_NETWORKS: env.IPN_ALLOW_PRIVATE_NETWORKS ?? env.NODE_ENV !== 'production',
}));

export type Env = z.output<typeof ZEnvChecked>;

export class ConfigError extends Error {
  readonly problems: { variable: string; message: string }[];

  constructor(problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses configuration from an environment-like record; throws ConfigError naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset": shells and .env files often leave `VAR=` behind.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(ZEnv.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = ZEnvChecked.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(root)'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/**
 * This process's environment with some variables replaced: for test harnesses and child
 * processes, so that nothing outside this file reads `process.env`.
 */
export function environmentWith(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}

/** The database name and a server URL without it, for creating the database on first start. */
export function splitDatabaseUrl(databaseUrl: string): { serverUrl: string; database: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/';
  return { serverUrl: url.toString(), database };
}
