import { parseArgs } from 'node:util';
import { Ducat, type EventType } from '@ducat/sdk';
import { clientFromConfig } from './client.js';
import { saveConfig } from './config.js';
import { CliError, describeError } from './errors.js';
import { listen } from './listen.js';
import { tailLogs } from './logs.js';
import { isTrigger, TRIGGERS, trigger } from './trigger.js';
import { createUi, type Ui } from './ui.js';

const HELP = `ducat: the Ducat developer CLI (test mode)

  ducat login --merchant mch_… [--api-url http://localhost:4000]   (reads the dk_test_ key from stdin)
  ducat listen --forward-to http://localhost:3000/webhooks [--events order.checkout_success,…]
  ducat trigger <event type>          ${Object.keys(TRIGGERS).join(', ')}
  ducat orders create --amount 1000 --currency EUR [--reference r] [--return-url u] [--cancel-url u]
  ducat orders get <ord_…>
  ducat orders list [--status s] [--limit n]
  ducat refunds create <ord_…> [--amount n] [--reason text]
  ducat events list [--type t] [--order ord_…] [--limit n]
  ducat events resend <evt_…> [--endpoint we_…]
  ducat logs tail                     your API requests and IPN attempts, live

Every command takes --json (one JSON document per result on stdout).`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  merchant: { type: 'string' },
  'api-url': { type: 'string' },
  'forward-to': { type: 'string' },
  events: { type: 'string' },
  amount: { type: 'string' },
  currency: { type: 'string' },
  reference: { type: 'string' },
  'return-url': { type: 'string' },
  'cancel-url': { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  reason: { type: 'string' },
  type: { type: 'string' },
  order: { type: 'string' },
  endpoint: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;

function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) {
    throw new CliError(`--${name} must be a whole number (minor units for amounts).`);
  }
  return Number(value);
}

function need(value: string | undefined, what: string, example: string): string {
  if (!value) throw new CliError(`Missing ${what}.`, `For example: ${example}`);
  return value;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Paste your test API key (dk_test_…) and press Enter: ');
  }
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]?.trim() ?? '';
}

async function login(ui: Ui, flags: Flags['values']): Promise<void> {
  const merchantId = need(flags.merchant, '--merchant', 'ducat login --merchant mch_…');
  const apiUrl = flags['api-url'] ?? 'http://localhost:4000';
  // From stdin, never argv: a key on the command line ends up in shell history and `ps`.
  const apiKey = await readStdin();
  if (!apiKey.startsWith('dk_test_')) {
    throw new CliError(
      apiKey.startsWith('dk_live_')
        ? 'ducat login keeps test keys only.'
        : 'That is not a Ducat API key.',
      'Issue a test key in the merchant area (Keys › Create test API key) and pipe it in: `pbpaste | ducat login --merchant mch_…`.',
    );
  }
  const ducat = new Ducat({ merchantId, merchantKey: apiKey, baseUrl: apiUrl, maxRetries: 1 });
  const me = await ui.spin('Checking the key…', () => ducat.whoami());
  const path = await saveConfig({ merchantId: me.merchantId, apiKey, apiUrl });
  ui.out(`Logged in as ${me.merchantId} (${me.mode} mode). Key saved to ${path} (mode 0600).`, {
    merchantId: me.merchantId,
    mode: me.mode,
    configPath: path,
  });
}

/** Aborted on Ctrl-C (or SIGTERM): the long-lived commands then close their connection. */
function untilInterrupted(): AbortController {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller;
}

async function run(argv: string[]): Promise<void> {
  const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const flags = parsed.values;
  const [command, sub, arg] = parsed.positionals;
  const ui = createUi({ json: flags.json === true });
  if (!command || flags.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (command === 'login') return login(ui, flags);
  const { ducat, config } = await clientFromConfig();
  switch (command) {
    case 'listen': {
      const forwardTo = need(
        flags['forward-to'],
        '--forward-to',
        'ducat listen --forward-to http://localhost:3000/webhooks',
      );
      const controller = untilInterrupted();
      const enabledEvents = flags.events ? flags.events.split(',').map((e) => e.trim()) : ['*'];
      ui.note(`Connecting to ${config.apiUrl}…`);
      await listen({ ducat, ui, forwardTo, enabledEvents, signal: controller.signal });
      return;
    }
    case 'logs': {
      if (sub !== 'tail') throw new CliError(`Unknown: ducat logs ${sub ?? ''}`, 'Use tail.');
      ui.note(`Connecting to ${config.apiUrl}…`);
      await tailLogs({ ducat, ui, signal: untilInterrupted().signal });
      return;
    }
    case 'trigger': {
      const type = need(sub, 'the event type', 'ducat trigger order.checkout_success');
      if (!isTrigger(type)) {
        throw new CliError(
          `ducat trigger cannot make ${type} happen.`,
          `Choose one of: ${Object.keys(TRIGGERS).join(', ')}.`,
        );
      }
      const result = await ui.spin(`Triggering ${type}: ${TRIGGERS[type]}…`, () =>
        trigger({ ducat, config, type }),
      );
      ui.out(`Triggered ${type}: order ${result.order.id} is ${result.order.status}.`, {
        type,
        order: result.order,
        ...(result.refundId ? { refundId: result.refundId } : {}),
      });
      return;
    }
    case 'orders': {
      if (sub === 'create') {
        const amount = intFlag(
          need(flags.amount, '--amount', 'ducat orders create --amount 1000 --currency EUR'),
          'amount',
        );
        if (amount === undefined) throw new CliError('Missing --amount.');
        const { order, checkout } = await ui.spin('Creating the order…', () =>
          ducat.orders.create({
            reference: flags.reference ?? `cli-${Date.now().toString(36)}`,
            amount,
            currency: flags.currency ?? 'EUR',
            returnUrl: flags['return-url'] ?? 'https://example.com/return',
            cancelUrl: flags['cancel-url'] ?? 'https://example.com/cancel',
          }),
        );
        ui.out(`${order.id} ${order.status} ${order.amount} ${order.currency}\n${checkout.url}`, {
          order,
          checkout,
        });
        return;
      }
      if (sub === 'get') {
        const order = await ducat.orders.get(need(arg, 'the order id', 'ducat orders get ord_…'));
        ui.out(JSON.stringify(order, null, 2), order);
        return;
      }
      if (sub === 'list') {
        const page = await ducat.orders.list({
          ...(flags.status ? { status: flags.status as never } : {}),
          ...(flags.limit ? { limit: intFlag(flags.limit, 'limit') } : {}),
        });
        ui.out(
          page.data
            .map((o) => `${o.id} ${o.status.padEnd(20)} ${o.amount} ${o.currency}`)
            .join('\n'),
          { data: page.data, nextCursor: page.nextCursor },
        );
        return;
      }
      throw new CliError(`Unknown: ducat orders ${sub ?? ''}`, 'Use create, get or list.');
    }
    case 'refunds': {
      if (sub !== 'create')
        throw new CliError(`Unknown: ducat refunds ${sub ?? ''}`, 'Use create.');
      const amount = intFlag(flags.amount, 'amount');
      const refund = await ducat.refunds.create({
        orderId: need(arg, 'the order id', 'ducat refunds create ord_… --amount 500'),
        ...(amount !== undefined ? { amount } : {}),
        ...(flags.reason ? { reason: flags.reason } : {}),
      });
      ui.out(`${refund.id} ${refund.status} ${refund.amount} ${refund.currency}`, refund);
      return;
    }
    case 'events': {
      if (sub === 'list') {
        const page = await ducat.events.list({
          ...(flags.type ? { type: flags.type as EventType } : {}),
          ...(flags.order ? { orderId: flags.order } : {}),
          ...(flags.limit ? { limit: intFlag(flags.limit, 'limit') } : {}),
        });
        ui.out(
          page.data
            .map((e) => `${e.createdAt}  ${e.type.padEnd(28)} ${e.id}  ${e.orderId ?? ''}`)
            .join('\n'),
          { data: page.data, nextCursor: page.nextCursor },
        );
        return;
      }
      if (sub === 'resend') {
        const eventId = need(arg, 'the event id', 'ducat events resend evt_…');
        const results = await ui.spin('Resending…', () =>
          ducat.events.resend(eventId, flags.endpoint ? { endpointId: flags.endpoint } : {}),
        );
        ui.out(
          results.length === 0
            ? 'No enabled endpoint takes this event type (pass --endpoint we_…).'
            : results
                .map(
                  (r) =>
                    `${r.endpointId}  ${r.delivered ? 'delivered' : 'not delivered'} ${r.attempt?.statusCode ?? r.attempt?.error ?? '(queued)'}`,
                )
                .join('\n'),
          results,
        );
        return;
      }
      throw new CliError(`Unknown: ducat events ${sub ?? ''}`, 'Use list or resend.');
    }
    default:
      throw new CliError(`Unknown command: ${command}`, 'Run `ducat --help`.');
  }
}

run(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    const described = describeError(
      error instanceof TypeError &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS')
        ? new CliError(error.message, 'Run `ducat --help`.')
        : error,
    );
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ error: described })}\n`);
    } else {
      process.stderr.write(
        `Error: ${described.message}${described.hint ? `\n  ${described.hint}` : ''}\n`,
      );
    }
    process.exitCode = 1;
  },
);
