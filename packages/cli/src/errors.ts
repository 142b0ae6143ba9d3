import { ConnectionError, DucatError } from '@ducat/sdk';

/** A refusal of the CLI itself (bad usage, no login), with what to do about it. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code = 'usage',
  ) {
    super(message);
  }
}

/** An error as the user reads it: what happened and what to do (`hint`). */
export function describeError(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof CliError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  if (error instanceof ConnectionError) {
    return {
      code: error.code,
      message: error.message,
      hint: 'Start the server (pnpm dev, or pnpm --filter @ducat/server start) or log in again with --api-url.',
    };
  }
  if (error instanceof DucatError) {
    const hint =
      error.code.startsWith('jwt_') || error.code.startsWith('merchant_key')
        ? 'Your key was refused: run `ducat login` again with a current test key.'
        : error.code === 'order_not_found' || error.code === 'event_not_found'
          ? 'Check the id and that it belongs to this key’s mode (test).'
          : undefined;
    return {
      code: error.code,
      message: error.message,
      ...(hint ? { hint } : {}),
    };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
