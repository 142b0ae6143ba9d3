import { type DestinationStream, type Logger, pino } from 'pino';
import { redactDeep, redactText } from './redact-text.js';

export type { Logger } from 'pino';

/**
 * Paths redacted from every log line. Secrets must never reach a log sink, even at debug level,
 * so the list errs on the side of too much.
 */
export const REDACT_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  '*.currentPassword',
  'req.headers["x-csrf-token"]',
  'secret',
  'token',
  'merchantKey',
  'apiKey',
  'masterKey',
  'authorization',
  'cookie',
  '*.password',
  '*.newPassword',
  '*.secret',
  '*.token',
  '*.merchantKey',
  '*.apiKey',
  '*.masterKey',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-merchant-key"]',
  'res.headers["set-cookie"]',
  'input.password',
  'input.cardNumber',
  'input.cvv',
];

export type LoggerOptions = {
  level: string;
  pretty?: boolean;
  /** Where lines go; tests pass a stream to read them. */
  destination?: DestinationStream;
};

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    // By field name (fast, exact) and, for what hides inside free text (a /pay/<token> URL in a
    // message, a key in an error's stack), by value: every string of every line is scrubbed.
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
        const scrubbed = args.map((arg: unknown) =>
          typeof arg === 'string' ? redactText(arg) : arg,
        );
        return method.apply(this, scrubbed as Parameters<Logger['info']>);
      },
    },
    base: { service: 'ducat-server' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2 } } });
  }
  return pino(base);
}
