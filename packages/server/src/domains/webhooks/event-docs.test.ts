import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../../db/schema/index.js';
import { IPN_TYPES } from '../ipn/enqueue-ipn.js';
import { DIFFERENCE_IPN_TYPE } from '../reconciliation/notify-merchant.js';

/** The backticked types between `<!-- event-types -->` and `<!-- /event-types -->`. */
function documentedTypes(readme: string): string[] {
  const text = readFileSync(new URL(readme, import.meta.url), 'utf8');
  const block = text.match(/<!-- event-types -->([\s\S]*?)<!-- \/event-types -->/)?.[1];
  if (!block) throw new Error(`${readme} has no event-types list`);
  return [...block.matchAll(/`([a-z_]+\.[a-z_]+)`/g)].map((m) => m[1] ?? '').sort();
}

describe('the documented event types', () => {
  it('are exactly the types the platform sends, in both READMEs', () => {
    const sent = [...IPN_TYPES].sort();
    expect(documentedTypes('../../../../../README.md')).toEqual(sent);
    expect(documentedTypes('../../../../sdk/README.md')).toEqual(sent);
  });

  it('cover every order status an order can move to, refunds, payouts and reconciliation', () => {
    // transitionOrder sends `order.<status>` for every status an order moves to.
    for (const status of ORDER_STATUSES.filter((s) => s !== 'created')) {
      expect(IPN_TYPES).toContain(`order.${status}`);
    }
    expect(IPN_TYPES).toContain(DIFFERENCE_IPN_TYPE);
    for (const type of ['refund.succeeded', 'refund.failed', 'payout.paid', 'payout.failed']) {
      expect(IPN_TYPES).toContain(type);
    }
  });
});
