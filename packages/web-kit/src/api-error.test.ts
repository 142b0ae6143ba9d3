import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { apiErrorOf } from './api-error';

describe('apiErrorOf', () => {
  it("reads the API's user-safe message and stable code from a tRPC error", () => {
    const error = new TRPCClientError('You can only act on your own merchant.', {
      result: {
        error: {
          code: -32603,
          message: 'You can only act on your own merchant.',
          data: { code: 'forbidden', field: 'merchantId', requestId: 'req_1', httpStatus: 403 },
        },
      },
    });
    expect(apiErrorOf(error)).toEqual({
      message: 'You can only act on your own merchant.',
      code: 'forbidden',
      field: 'merchantId',
      requestId: 'req_1',
      httpStatus: 403,
    });
  });

  it('gives a generic message when the API could not be reached', () => {
    expect(apiErrorOf(new TypeError('Failed to fetch'))).toMatchObject({
      message: 'The Ducat API could not be reached. Try again.',
      code: undefined,
    });
    expect(apiErrorOf('weird').message).toBe('The Ducat API could not be reached. Try again.');
  });
});
