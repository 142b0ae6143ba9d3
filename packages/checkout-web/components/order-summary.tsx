import { formatMoney } from '@ducat/web-kit';
import type { CheckoutView } from '@/lib/checkout';

/** The order as the shopper sees it: who is paid, for what, how much. Server-renderable. */
export function OrderSummary({ view }: { view: CheckoutView }) {
  return (
    <section className="card summary" aria-labelledby="summary-title">
      <p className="muted small">
        Paying <strong className="merchant-name">{view.merchantName || 'the merchant'}</strong>
        {view.mode === 'test' ? <span className="badge">Test mode</span> : null}
      </p>
      <h1 id="summary-title" className="amount" data-testid="order-amount">
        {formatMoney(view.amount, view.currency)}
      </h1>
      {view.description ? <p>{view.description}</p> : null}
      {view.items && view.items.length > 0 ? (
        <table className="items">
          <caption className="visually-hidden">Items</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Price
              </th>
            </tr>
          </thead>
          <tbody>
            {view.items.map((item, index) => (
              // Items have no id; their position in the order is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: the order's items never reorder
              <tr key={index}>
                <td>{item.name}</td>
                <td className="num">{item.quantity}</td>
                <td className="num">
                  {formatMoney(item.unitAmount * item.quantity, view.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="muted small">Order {view.orderId}</p>
    </section>
  );
}
