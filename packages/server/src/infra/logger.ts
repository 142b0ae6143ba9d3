import { type DestinationStream, type Logger, pino } from 'pino';

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
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'ducat-server' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2 } } });
  }
  return pino(base);
}
