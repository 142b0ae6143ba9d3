import type { ApiOutputs } from '@/lib/api-types';
import { DateTime } from './date-time';
import { Money } from './money';

type Order = ApiOutputs['merchant']['orders']['get'];

/** An order's terms and money, as both areas show them. */
export function OrderFacts({ order }: { order: Order }) {
  return (
    <dl className="facts">
      <dt>Order</dt>
      <dd>
        <code>{order.id}</code>
      </dd>
      <dt>Reference</dt>
      <dd>{order.reference}</dd>
      <dt>Merchant</dt>
      <dd>
        <code>{order.merchantId}</code>
      </dd>
      <dt>Mode</dt>
      <dd>{order.mode}</dd>
      <dt>Amount</dt>
      <dd>
        <Money amount={order.amount} currency={order.currency} />
      </dd>
      <dt>Captured</dt>
      <dd>
        <Money amount={order.capturedAmount} currency={order.currency} />
      </dd>
      <dt>Fee</dt>
      <dd>
        <Money amount={order.feeAmount} currency={order.currency} />
      </dd>
      <dt>Refunded</dt>
      <dd>
        <Money amount={order.refundedAmount} currency={order.currency} />
      </dd>
      <dt>Paid by</dt>
      <dd>{order.paymentMethod ?? '—'}</dd>
      <dt>Failure</dt>
      <dd>{order.failureCode ?? '—'}</dd>
      <dt>Description</dt>
      <dd>{order.description ?? '—'}</dd>
      <dt>Created</dt>
      <dd>
        <DateTime value={order.createdAt} />
      </dd>
      <dt>Expires</dt>
      <dd>
        <DateTime value={order.expiresAt} />
      </dd>
      <dt>Final</dt>
      <dd>
        <DateTime value={order.finalAt} />
      </dd>
    </dl>
  );
}
