import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { staffOfRequest } from '../auth/authorize.js';
import { MERCHANT_ROLES, MODES, ORDER_STATUSES } from '../db/schema/index.js';
import { ZAmount, ZCurrency } from '../domains/ledger/schemas.js';
import { exportOrdersCsv } from '../domains/orders/export-orders-csv.js';
import { ZOrderId } from '../domains/orders/schemas.js';
import { AppError, isAppError } from '../errors.js';
import { sendJson } from '../infra/send-json.js';
import { plainErrorBody } from '../rest/error-body.js';
import type { Context } from '../trpc.js';
import { ZDateTime, ZMerchantId } from './schemas.js';

/** `GET /portal/exports/orders.csv?<the order list's filter>`: the portals' "Export CSV". */
export const ORDERS_EXPORT_PATH = '/portal/exports/orders.csv';

const PLATFORM_ROLES = ['admin', 'support', 'finance'];

/** The order list's filter, as query parameters (amounts in minor units, times ISO). */
const ZExportQuery = z
  .object({
    orderId: ZOrderId.optional(),
    merchantId: ZMerchantId.optional(),
    shopperId: z
      .string()
      .regex(/^usr_[1-9A-HJ-NP-Za-km-z]{22}$/)
      .optional(),
    mode: z.enum(MODES).optional(),
    reference: z.string().max(191).optional(),
    status: z.enum(ORDER_STATUSES).optional(),
    currency: ZCurrency.optional(),
    from: ZDateTime.optional(),
    to: ZDateTime.optional(),
    minAmount: z.coerce.number().pipe(ZAmount).optional(),
    maxAmount: z.coerce.number().pipe(ZAmount).optional(),
  })
  .strict();

function refuse(res: ServerResponse, ctx: Context, error: AppError): void {
  sendJson(
    res,
    error.status,
    plainErrorBody({
      code: error.code,
      message: error.userMessage,
      requestId: ctx.requestId,
      field: error.field,
      docsUrl: ctx.config.docsUrl,
    }),
  );
}

/**
 * Streams the orders matching the filter as CSV to a signed-in staff member: platform staff
 * (admin, support, finance) export any merchant's; merchant staff (owner, developer) only their
 * own merchant's, and must name it (`merchantId`) and a mode, as the merchant area's list does.
 * Bad input is a typed refusal before a byte of CSV is sent; rows follow the response's
 * backpressure, and a download the browser abandons stops the reads.
 */
export async function handleOrdersExport(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: Context,
): Promise<void> {
  let filter: z.infer<typeof ZExportQuery>;
  try {
    const staff = await staffOfRequest(ctx);
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://local').searchParams);
    const parsed = ZExportQuery.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('validation_failed', {
        message: issue ? `${issue.path.join('.') || 'query'}: ${issue.message}` : 'Bad filter.',
        field: issue?.path.join('.') || undefined,
      });
    }
    filter = parsed.data;
    if ((MERCHANT_ROLES as readonly string[]).includes(staff.role)) {
      if (!staff.merchantId || filter.merchantId !== staff.merchantId) {
        throw new AppError('forbidden', {
          message: 'You can only export your own merchant’s orders.',
          field: 'merchantId',
        });
      }
      if (!filter.mode) filter.mode = 'test';
    } else if (!PLATFORM_ROLES.includes(staff.role)) {
      throw new AppError('forbidden');
    }
  } catch (error) {
    if (isAppError(error)) refuse(res, ctx, error);
    else {
      ctx.logger.error({ err: error }, 'orders export refused with an internal error');
      sendJson(
        res,
        500,
        plainErrorBody({
          code: 'internal_error',
          requestId: ctx.requestId,
          docsUrl: ctx.config.docsUrl,
        }),
      );
    }
    return;
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="orders-${stamp}.csv"`,
    'cache-control': 'no-store',
  });
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  try {
    const { from, to, ...rest } = filter;
    for await (const chunk of exportOrdersCsv({
      db: ctx.db,
      filter: {
        ...rest,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      },
    })) {
      if (closed) return;
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (error) {
    // Headers are gone: all that is left is to cut the download short, so it is not mistaken
    // for a complete file.
    ctx.logger.error({ err: error }, 'orders export failed mid-stream');
    res.destroy();
  }
}
