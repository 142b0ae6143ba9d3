import { formatMoney, PRODUCTS } from './catalog.js';
import type { StoreOrder } from './store.js';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Ducat example store</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
.product{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.4rem;text-align:left}
.ok{color:#17723a}.bad{color:#a1261b}</style></head>
<body><nav><a href="/">Shop</a> · <a href="/orders">Orders</a></nav><h1>${escapeHtml(title)}</h1>
${body}</body></html>`;
}

export function productPage(): string {
  const items = PRODUCTS.map(
    (
      p,
    ) => `<section class="product"><h2>${escapeHtml(p.name)}</h2><p>${escapeHtml(p.description)}</p>
<p><strong>${formatMoney(p.price)}</strong></p>
<form method="post" action="/buy"><input type="hidden" name="productId" value="${escapeHtml(p.id)}">
<button name="mode" value="redirect">Buy (hosted checkout)</button>
<button name="mode" value="widget">Buy (embedded checkout)</button></form></section>`,
  ).join('\n');
  return layout('Ducat example store', items);
}

export function widgetPage(options: {
  order: StoreOrder;
  token: string;
  checkoutUrl: string;
}): string {
  const config = JSON.stringify({
    token: options.token,
    checkoutUrl: options.checkoutUrl,
  }).replaceAll('<', '\\u003c');
  return layout(
    `Pay ${formatMoney(options.order.amount)}`,
    `<p>Order ${escapeHtml(options.order.id)}: ${escapeHtml(options.order.productName)}</p>
<div id="checkout"></div><p id="outcome"></p>
<script type="module">
import { mountCheckout } from '/assets/ducat-widget.js';
const config = ${config};
const outcome = document.getElementById('outcome');
mountCheckout(document.getElementById('checkout'), {
  ...config,
  onSuccess: ({ redirectUrl }) => { location.assign(redirectUrl ?? '/orders'); },
  onCancel: () => { outcome.textContent = 'Payment cancelled.'; },
  onError: ({ message }) => { outcome.textContent = message; },
});
</script>`,
  );
}

export function returnPage(options: {
  verified: boolean;
  status?: string;
  order?: StoreOrder | undefined;
  reason?: string;
}): string {
  if (!options.verified) {
    return layout(
      'This return link is not valid',
      `<p class="bad">The payment platform's signature did not verify (${escapeHtml(options.reason ?? 'unknown')}). Nothing was changed.</p>`,
    );
  }
  const success = options.status === 'checkout_success';
  return layout(
    success ? 'Thank you!' : 'Payment not completed',
    `<p class="${success ? 'ok' : 'bad'}">Ducat reports the payment as <strong>${escapeHtml(options.status ?? '')}</strong>.</p>
<p>Your order ${escapeHtml(options.order?.id ?? '')} ships once the payment is confirmed to us server-to-server (the IPN): see <a href="/orders">your orders</a>.</p>`,
  );
}

export function ordersPage(orders: StoreOrder[]): string {
  const rows = orders
    .map(
      (
        o,
      ) => `<tr><td>${escapeHtml(o.id)}</td><td>${escapeHtml(o.productName)}</td><td>${formatMoney(o.amount)}</td>
<td>${escapeHtml(o.ducatOrderId ?? '')}</td><td>${escapeHtml(o.ducatStatus ?? 'awaiting payment')}</td>
<td>${o.paidAt ? `<span class="ok">paid (IPN verified ${escapeHtml(o.paidAt)})</span>` : 'not paid'}</td>
<td>${o.returnVerified ? 'yes' : ''}</td></tr>`,
    )
    .join('\n');
  return layout(
    'Orders',
    `<table><thead><tr><th>Order</th><th>Product</th><th>Amount</th><th>Ducat order</th><th>Status (from IPNs)</th><th>Paid</th><th>Shopper came back</th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">No orders yet.</td></tr>'}</tbody></table>`,
  );
}
