import type { z } from 'zod';
import { AppError, type ErrorCode } from '../../errors.js';

const SPECIFIC: Record<string, ErrorCode> = {
  amount: 'amount_not_positive',
};

/**
 * Turns a schema failure into the ledger's typed refusal: an amount problem gets its own code
 * (`amount_not_positive` / `amount_too_large`), debit = credit is `same_account`, anything else
 * `validation_failed`; always with the field.
 */
export function invalidInput(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const last = String(issue?.path[issue.path.length - 1] ?? '');
  let code: ErrorCode = SPECIFIC[last] ?? 'validation_failed';
  if (code === 'amount_not_positive' && issue?.code === 'too_big') code = 'amount_too_large';
  if (code === 'amount_not_positive' && issue?.code !== 'too_small' && issue?.code !== 'too_big') {
    code = 'validation_failed';
  }
  if (issue?.message === 'debit and credit accounts must differ') code = 'same_account';
  return new AppError(code, {
    message: `${field || 'input'}: ${issue?.message ?? 'invalid'}`,
    field,
    details: {
      issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    },
  });
}
