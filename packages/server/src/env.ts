import { z } from 'zod';

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

export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
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
  LEDGER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1_000),
  LEDGER_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1_000).default(0),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type Env = z.infer<typeof ZEnv>;

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
  const parsed = ZEnv.safeParse(cleaned);
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
