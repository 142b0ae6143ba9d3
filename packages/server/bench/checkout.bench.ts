/**
 * Checkout benchmark, end to end over real HTTP against the real server in its own process:
 * complete checkouts (the merchant creates the order through the API with a fresh JWT, a
 * logged-in shopper pays it by wallet), many shoppers, ONE hot merchant. In the same run the
 * same server's cheapest request (`/health`) is measured the same way: the ceiling of this HTTP
 * stack on this machine. One JSON line on stdout; progress on stderr.
 *
 *   pnpm bench:checkout [-- --duration 60 --warmup 5 --connections 128 --shoppers 2000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type { RowDataPacket } from 'mysql2';
import { createIdentityServices } from '../src/auth/identity-services.js';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { merchants, orders, users } from '../src/db/schema/index.js';
import {
  createLedgerWriter,
  createTransfer,
  openAccount,
  openSystemAccount,
  verifyLedger,
} from '../src/domains/ledger/index.js';
import { applyMerchant } from '../src/domains/merchants/apply-merchant.js';
import { changeMerchantStatus } from '../src/domains/merchants/change-merchant-status.js';
import { issueMerchantCredential } from '../src/domains/merchants/issue-merchant-credential.js';
import { signUp } from '../src/domains/users/sign-up.js';
import { environmentWith, loadEnv } from '../src/env.js';
import { outbox } from '../src/events/index.js';
import { newId } from '../src/infra/id.js';
import { createLogger } from '../src/infra/logger.js';
import { createRedis, deleteKeysWithPrefix } from '../src/infra/redis.js';
import { dropDatabase, SERVER_DIR, spawnTs } from '../src/test/harness.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '128' },
    shoppers: { type: 'string', default: '2000' },
    'ceiling-duration': { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    /** Write a CPU profile of the server process into this directory. */
    profile: { type: 'string' },
    /**
     * Server processes sharing the database and Redis (as behind a load balancer): each
     * connection creates its orders on one and pays them on the next.
     */
    servers: { type: 'string', default: '1' },
  },
});
const SERVERS = Math.max(1, Number(args.servers));
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const SHOPPERS = Number(args.shoppers);
const CEILING_S = Number(args['ceiling-duration']);
const PASSWORD = 'bench shopper password';
const AMOUNT = 1_250;

const children: ChildProcess[] = [];
let receiver: Server | undefined;

const out = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 10) / 10;
}

/**
 * The load client: node:http with a keep-alive agent. Node's built-in fetch (undici) costs so much
 * CPU per request that on this 2-core machine it capped a bare `res.end()` server at ~1,250 req/s
 * while node:http drove the same server at ~12,000 req/s (64 connections): with fetch the
 * benchmark measured its own client, not the server.
 */
const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
type Reply = { status: number; headers: import('node:http').IncomingHttpHeaders; body: string };
function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * CPU seconds a process has used so far (user + system, from /proc; Linux only, else NaN). Per
 * checkout it is the figure that stays comparable when other work shares the machine, which
 * throughput does not.
 */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function pidOf(name: string): Promise<number | undefined> {
  try {
    const { readdir } = await import('node:fs/promises');
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
      if (comm.trim() === name) return Number(entry);
    }
  } catch {}
  return undefined;
}

/** Runs `work` on `connections` loops for `seconds`; latencies of completed iterations only. */
async function load(
  connections: number,
  seconds: number,
  work: (loop: number, i: number) => Promise<void>,
): Promise<{ done: number; latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, loop) => {
      for (let i = 0; performance.now() < until; i++) {
        const t0 = performance.now();
        try {
          await work(loop, i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          if (errors <= 5) {
            const cause = error instanceof Error ? (error.cause as Error | undefined) : undefined;
            note(
              `error: ${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause.message})` : ''}`,
            );
          }
        }
      }
    }),
  );
  return {
    done: latencies.length,
    latencies: latencies.sort((a, b) => a - b),
    errors,
    seconds: (performance.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const base = loadEnv();
  const suffix = randomBytes(4).toString('hex');
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/ducat_bench_ck_${suffix}`;
  const databaseUrl = url.toString();
  const keyPrefix = `ducat-bench:${suffix}:`;
  await migrateDatabase(databaseUrl);
  const serverEnv = {
    NODE_ENV: 'production',
    MASTER_KEY: randomBytes(32).toString('base64'),
    SANDBOX_PROVIDER_ENABLED: 'false',
    // The bench's IPN endpoint listens on 127.0.0.1, which production refuses by default.
    IPN_ALLOW_PRIVATE_NETWORKS: 'true',
    // info: the start-up line carries the port; requests are not logged at info.
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    REDIS_KEY_PREFIX: keyPrefix,
    MIGRATE_ON_START: 'false',
    SCRYPT_COST: '16384',
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_PAYMENT: '100000000/1',
    RATE_LIMIT_MERCHANT_API: '100000000/1',
    RATE_LIMIT_LOGIN: '100000000/1',
  };
  const env = loadEnv(environmentWith(serverEnv));
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const database = createDatabase({ url: databaseUrl, poolSize: 8 });
  const redis = createRedis({ url: env.REDIS_URL, keyPrefix });
  const identity = createIdentityServices({ env, db: database.db, redis, logger });
  const writer = createLedgerWriter({ pool: database.pool, outbox, logger });
  const [flush] = await database.pool.query<RowDataPacket[]>(
    'SELECT @@innodb_flush_log_at_trx_commit AS f, VERSION() AS v',
  );
  note(`database ${flush[0]?.v}, innodb_flush_log_at_trx_commit=${flush[0]?.f}`);

  // The merchant's IPN endpoint: answers 200, as a healthy merchant does, so IPN delivery is part
  // of the measured work (as it is in production) without failures piling up retries.
  let ipnReceived = 0;
  const ipnServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ipnReceived++;
      res.writeHead(200).end('ok');
    });
  });
  receiver = ipnServer;
  await new Promise<void>((r) => ipnServer.listen(0, '127.0.0.1', r));
  const ipnPort = (ipnServer.address() as AddressInfo).port;

  // One hot merchant with an API key and a webhook secret.
  const system = { type: 'system' as const, id: 'bench' };
  const applied = await applyMerchant({
    db: database.db,
    scrypt: identity.config.scrypt,
    application: {
      businessName: 'Hot Shop',
      website: 'https://hot.example',
      contactEmail: 'ops@hot.example',
      callbackUrl: 'https://hot.example/return',
      ipnUrl: `http://127.0.0.1:${ipnPort}/ipn`,
      allowedOrigins: ['https://hot.example'],
      owner: { email: `owner-${suffix}@hot.example`, password: PASSWORD },
    },
  });
  const merchantId = applied.merchantId;
  await database.db.transaction((tx) =>
    changeMerchantStatus({ tx, actor: system, merchantId, status: 'active' }),
  );
  await database.db
    .update(merchants)
    .set({ feeBps: Number(process.env.BENCH_FEE_BPS ?? 250) })
    .where(eq(merchants.id, merchantId));
  const issue = (kind: 'api_key' | 'webhook_secret') =>
    database.db.transaction((tx) =>
      issueMerchantCredential({
        tx,
        actor: system,
        masterKey: identity.config.masterKey,
        merchantId,
        kind,
        mode: 'test',
        graceSeconds: 0,
      }),
    );
  const apiKey = (await issue('api_key')).secret;
  await issue('webhook_secret');
  const key = new TextEncoder().encode(apiKey);

  // Start the server only now: it reads the merchant fresh.
  const mainTs = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const outputs: string[] = [];
  const servers: string[] = [];
  for (let n = 0; n < SERVERS; n++) {
    const started = args.profile
      ? spawn(
          process.execPath,
          ['--cpu-prof', '--cpu-prof-dir', args.profile, '--import', 'tsx', mainTs],
          { cwd: SERVER_DIR, env: { ...process.env, ...serverEnv } },
        )
      : spawnTs(mainTs, [], { ...process.env, ...serverEnv });
    children.push(started);
    outputs[n] = '';
    started.stdout?.on('data', (d) => {
      outputs[n] += String(d);
    });
    started.stderr?.on('data', (d) => {
      outputs[n] += String(d);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(outputs[n] ?? '')?.[1];
      if (port) {
        servers.push(`http://127.0.0.1:${port}`);
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`server did not start: ${(outputs[n] ?? '').slice(-1000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const server = servers[0] as string;
  const output = () => outputs.join('\n');
  note(`server${SERVERS > 1 ? 's' : ''} ${servers.join(' ')}`);

  // Shoppers: signed up, verified, funded, logged in (a session cookie and CSRF token each).
  note(`creating ${SHOPPERS} shoppers`);
  const clearing = await openSystemAccount({
    db: database.db,
    kind: 'provider_clearing',
    provider: 'sandbox',
    currency: 'EUR',
    mode: 'test',
  });
  type Shopper = { cookie: string; csrf: string; ip: string };
  const shoppers: Shopper[] = [];
  const prefix = `b${suffix}`;
  for (let start = 0; start < SHOPPERS; start += 50) {
    const chunk = Array.from({ length: Math.min(50, SHOPPERS - start) }, (_, k) => start + k);
    const made = await Promise.all(
      chunk.map(async (i) => {
        const email = `${prefix}-${i}@shoppers.example`;
        await signUp({
          db: database.db,
          mailer: identity.mailer,
          scrypt: identity.config.scrypt,
          publicUrl: identity.config.publicUrl,
          email,
          password: PASSWORD,
        });
        await database.db
          .update(users)
          .set({ emailVerifiedAt: new Date() })
          .where(eq(users.email, email));
        const [user] = await database.db.select().from(users).where(eq(users.email, email));
        if (!user) throw new Error('no user');
        const wallet = await openAccount({
          db: database.db,
          ownerType: 'shopper',
          ownerId: user.id,
          kind: 'shopper_wallet',
          currency: 'EUR',
          mode: 'test',
        });
        await createTransfer({
          writer,
          idempotencyKey: `bench:fund:${wallet.id}`,
          debitAccountId: clearing.id,
          creditAccountId: wallet.id,
          amount: 100_000_000,
          currency: 'EUR',
          kind: 'deposit',
        });
        const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
        const res = await fetch(`${server}/trpc/account.logIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        const body = (await res.json()) as { result?: { data: { csrfToken: string } } };
        const cookie = res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        if (!body.result) {
          throw new Error(`login failed: ${JSON.stringify(body)}\n${output().slice(-3000)}`);
        }
        return { cookie, csrf: body.result.data.csrfToken, ip };
      }),
    );
    shoppers.push(...made);
  }

  let reference = 0;
  const createMs: number[] = [];
  const payMs: number[] = [];
  const acked = new Set<string>();
  async function checkout(loop: number, i: number): Promise<void> {
    const shopper = shoppers[(loop + i * CONNECTIONS) % shoppers.length] as Shopper;
    const iat = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(merchantId)
      .setAudience('ducat-api')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti(newId('req'))
      .sign(key);
    const t0 = performance.now();
    const created = await call(
      servers[i % SERVERS] as string,
      'POST',
      '/trpc/orders.create',
      { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      JSON.stringify({
        reference: `r${suffix}-${reference++}`,
        amount: AMOUNT,
        currency: 'EUR',
        returnUrl: 'https://hot.example/return',
        cancelUrl: 'https://hot.example/cart',
      }),
    );
    const order = JSON.parse(created.body) as {
      result?: { data: { order: { id: string }; checkout: { token: string } } };
    };
    if (!order.result) throw new Error(`create ${created.status}: ${created.body.slice(0, 300)}`);
    const t1 = performance.now();
    createMs.push(t1 - t0);
    const paid = await call(
      servers[(i + loop) % SERVERS] as string,
      'POST',
      '/trpc/checkout.payWithWallet',
      {
        'content-type': 'application/json',
        cookie: shopper.cookie,
        'x-csrf-token': shopper.csrf,
        'x-forwarded-for': shopper.ip,
      },
      JSON.stringify({ token: order.result.data.checkout.token }),
    );
    const result = JSON.parse(paid.body) as { result?: { data: { status: string } } };
    if (result.result?.data.status !== 'checkout_success') {
      throw new Error(`pay ${paid.status}: ${paid.body.slice(0, 300)}`);
    }
    payMs.push(performance.now() - t1);
    acked.add(order.result.data.order.id);
  }

  note(`warm-up ${WARMUP_S} s, then ${DURATION_S} s at ${CONNECTIONS} connections`);
  await load(CONNECTIONS, WARMUP_S, checkout);
  const beforeCount = acked.size;
  const [mariadbPid, redisPid] = await Promise.all([pidOf('mariadbd'), pidOf('redis-server')]);
  const pids = [...children.map((c) => c.pid), mariadbPid, redisPid];
  const cpuBefore = await Promise.all(pids.map((pid) => cpuSeconds(pid)));
  const benchCpuBefore = process.cpuUsage();
  const run = await load(CONNECTIONS, DURATION_S, checkout);
  const cpuAfter = await Promise.all(pids.map((pid) => cpuSeconds(pid)));
  const benchCpu = process.cpuUsage(benchCpuBefore);
  /** CPU ms per checkout of the processes at these indexes of `pids`, together. */
  const perCheckoutMs = (...at: number[]) =>
    Math.round(
      ((at.reduce((sum, i) => sum + (cpuAfter[i] ?? 0) - (cpuBefore[i] ?? 0), 0) * 1000) /
        Math.max(1, run.done)) *
        100,
    ) / 100;
  const cpu = {
    server: perCheckoutMs(...children.map((_, i) => i)),
    mariadb: perCheckoutMs(SERVERS),
    redis: perCheckoutMs(SERVERS + 1),
    client:
      Math.round(((benchCpu.user + benchCpu.system) / 1000 / Math.max(1, run.done)) * 100) / 100,
  };
  note(
    `CPU per checkout: server ${cpu.server} ms${SERVERS > 1 ? ` (${SERVERS} processes)` : ''}, MariaDB ${cpu.mariadb} ms (all its clients), Redis ${cpu.redis} ms, bench client ${cpu.client} ms`,
  );
  note(`${run.done} checkouts (${run.errors} errors) in ${run.seconds.toFixed(1)} s`);
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  note(`median create ${median(createMs)} ms, median pay ${median(payMs)} ms`);

  note(`ceiling: GET /health for ${CEILING_S} s`);
  const ceiling = await load(CONNECTIONS, CEILING_S, async (loop, i) => {
    const res = await call(servers[(i + loop) % SERVERS] as string, 'GET', '/health', {});
    if (res.status !== 200) throw new Error(`health ${res.status}`);
  });

  if (run.errors > 0 || args.keep) {
    await writeFile('bench-checkout-server.log', output());
    note('server log written to bench-checkout-server.log');
  }
  await Promise.all(
    children.map((c) => {
      c.kill('SIGTERM');
      return new Promise((r) => c.on('exit', r));
    }),
  );
  receiver.close();
  await writer.stop();

  // Invariants: the ledger balances, every acknowledged checkout is paid exactly once.
  const report = await verifyLedger({ pool: database.pool });
  const [dup] = await database.pool.query<RowDataPacket[]>(
    `SELECT count(*) AS n FROM (SELECT reference FROM ledger_transfers WHERE kind = 'payment'
       GROUP BY reference HAVING count(*) > 1) d`,
  );
  const doubleCharges = Number(dup[0]?.n ?? 0);
  const [{ paid } = { paid: 0 }] = await database.db
    .select({ paid: sql<number>`count(*)` })
    .from(orders)
    .where(eq(orders.status, 'checkout_success'));
  const missing = Number(paid) < acked.size;
  note(
    `acknowledged ${acked.size} (${acked.size - beforeCount} measured), paid orders ${paid}, double charges ${doubleCharges}, IPNs received ${ipnReceived}`,
  );
  out({
    bench: 'checkout.wallet',
    checkouts_per_s: Math.round(run.done / run.seconds),
    p50_ms: percentile(run.latencies, 50),
    p99_ms: percentile(run.latencies, 99),
    errors: run.errors,
    connections: CONNECTIONS,
    servers: SERVERS,
    ceiling_req_per_s: Math.round(ceiling.done / ceiling.seconds),
    ceiling_p99_ms: percentile(ceiling.latencies, 99),
    peak_rss_mb: Math.round(process.memoryUsage().rss / 1_048_576),
    server_cpu_ms_per_checkout: cpu.server,
    mariadb_cpu_ms_per_checkout: cpu.mariadb,
    invariants: report.ok && !missing ? 'ok' : 'violated',
    double_charges: doubleCharges,
  });
  await database.close();
  if (!args.keep) {
    await deleteKeysWithPrefix(redis as never, keyPrefix);
    await dropDatabase(databaseUrl);
  }
  redis.disconnect();
  if (!report.ok || missing || doubleCharges > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  for (const c of children) c.kill('SIGKILL');
  receiver?.close();
  note(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
