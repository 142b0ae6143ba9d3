import { formatMoney } from '@ducat/web-kit';
import type { CheckoutView } from '@/lib/checkout';

/**
 * The order as the shopper sees it: the amount first, then what it is for: each line's unit
 * price × quantity = line total, the subtotal, the campaign discount (named) and the total.
 * Server-rendered; the page refreshes it when a code is applied.
 */
export function OrderSummary({ view }: { view: CheckoutView }) {
  const money = (amount: number) => formatMoney(amount, view.currency);
  const items = view.items ?? [];
  // The items add up to the gross amount (the API checks); a campaign takes its discount off.
  const subtotal = view.grossAmount;
  const discount = view.discountAmount;
  const discountLabel = view.discount ? `Discount · ${view.discount.name}` : 'Discount';
  return (
    <section aria-labelledby="summary-title" className="grid gap-4">
      <div>
        <h1 id="summary-title" className="text-sm font-medium text-muted-foreground">
          Pay {view.brand.name || 'the merchant'}
        </h1>
        <p
          className="text-4xl font-semibold tracking-tight tabular-nums"
          data-testid="order-amount"
        >
          {money(view.amount)}
        </p>
        {discount > 0 && items.length === 0 ? (
          <p className="mt-1 text-sm tabular-nums" data-testid="discount-line">
            <s className="text-muted-foreground">{money(subtotal)}</s> {discountLabel}: −
            {money(discount)}
          </p>
        ) : null}
        {view.description ? <p className="mt-1 text-muted-foreground">{view.description}</p> : null}
        <p className="mt-1 text-xs text-muted-foreground">Order {view.orderId}</p>
      </div>
      {items.length > 0 ? (
        <table className="w-full border-collapse text-sm" data-testid="line-items">
          <caption className="sr-only">What you are paying for</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Line total</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an order's items never reorder
              <tr key={index} className="border-b border-border align-top">
                <td className="py-2.5 pr-3">
                  <span className="block font-medium">{item.name}</span>
                  <span className="text-muted-foreground tabular-nums">
                    {money(item.unitAmount)} × {item.quantity}
                  </span>
                </td>
                <td className="py-2.5 text-right font-medium tabular-nums">
                  {money(item.unitAmount * item.quantity)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="pt-2.5 text-left font-normal text-muted-foreground">
                Subtotal
              </th>
              <td className="pt-2.5 text-right tabular-nums">{money(subtotal)}</td>
            </tr>
            {discount > 0 ? (
              <tr data-testid="discount-line">
                <th scope="row" className="pt-1 text-left font-normal text-success-foreground">
                  {discountLabel}
                </th>
                <td className="pt-1 text-right tabular-nums text-success-foreground">
                  −{money(discount)}
                </td>
              </tr>
            ) : null}
            <tr>
              <th scope="row" className="pt-2 text-left font-semibold">
                Total due
              </th>
              <td className="pt-2 text-right font-semibold tabular-nums">{money(view.amount)}</td>
            </tr>
          </tfoot>
        </table>
      ) : null}
    </section>
  );
}
