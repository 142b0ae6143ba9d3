import { minorUnits } from '@ducat/currencies';
import { TEST_CARDS } from './test-cards.js';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;
box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin:0 0 .25rem}.badge{display:inline-block;font-size:.75rem;
background:#fde68a;padding:0 .5rem;border-radius:4px}.amount{font-size:2rem;margin:0 0 .5rem}dt{font-size:.85rem;color:#4a5468}dd{margin:0 0 .5rem}
label{display:block;margin-top:.75rem;font-weight:600}input{width:100%;box-sizing:border-box;
font:inherit;padding:.5rem;border:1px solid #8a94a6;border-radius:4px}
.row{display:flex;gap:1rem}.row>div{flex:1}button{margin-top:1.25rem;width:100%;font:inherit;
padding:.6rem;border:0;border-radius:4px;background:#1f4fd1;color:#fff;cursor:pointer}
.error{color:#a4000f;font-weight:600}table{border-collapse:collapse;font-size:.85rem;
margin-top:1.5rem}td,th{text-align:left;padding:.2rem .5rem .2rem 0;vertical-align:top}
code{white-space:nowrap}
`;

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Amounts are integer minor units; the currency's own number of decimals places the point. */
export function formatAmount(amount: number, currency: string): string {
  const digits = minorUnits(currency);
  if (digits === undefined) return `${amount} ${currency} (minor units)`;
  const format = new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // A display-only page of the simulated provider; amounts here stay far below 2^53.
  return format.format(amount / 10 ** digits);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Sandbox provider</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p><span class="badge">Sandbox · no real money</span></p>
${body}
</main>
</body>
</html>`;
}

function testCardTable(): string {
  const rows = TEST_CARDS.map(
    (card) =>
      `<tr><td><code>${card.number.replace(/(\d{4})(?=\d)/g, '$1 ')}</code></td><td>${escapeHtml(card.what)}</td></tr>`,
  ).join('\n');
  return `<table>
<caption>Test cards (any future expiry, any CVC, any name; any other valid number succeeds)</caption>
<thead><tr><th scope="col">number</th><th scope="col">outcome</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

export type CardFormValues = { expiry?: string; name?: string };
export type CardFormError = { field: string; message: string };

function cardForm(options: {
  action: string;
  submitLabel: string;
  values: CardFormValues;
  error?: CardFormError | undefined;
}): string {
  const { error, values } = options;
  const invalid = (field: string) =>
    error?.field === field ? ' aria-invalid="true" aria-describedby="form-error"' : '';
  // The number and CVC are never echoed back: the page keeps no copy of them even on an error.
  return `${error ? `<p id="form-error" class="error" role="alert">${escapeHtml(error.message)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="on">
<label for="number">Card number</label>
<input id="number" name="number" inputmode="numeric" autocomplete="cc-number" required
 placeholder="4242 4242 4242 4242"${invalid('number')}>
<div class="row">
<div><label for="expiry">Expiry (MM/YY)</label>
<input id="expiry" name="expiry" autocomplete="cc-exp" required placeholder="12/34"
 value="${escapeHtml(values.expiry ?? '')}"${invalid('expiry')}></div>
<div><label for="cvc">Security code (CVC)</label>
<input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required
 placeholder="123"${invalid('cvc')}></div>
</div>
<label for="name">Name on card</label>
<input id="name" name="name" autocomplete="cc-name" required
 value="${escapeHtml(values.name ?? '')}"${invalid('name')}>
<button type="submit">${escapeHtml(options.submitLabel)}</button>
</form>
${testCardTable()}`;
}

export function renderPaymentPage(options: {
  providerRef: string;
  amount: number;
  currency: string;
  description: string | null;
  values?: CardFormValues;
  error?: CardFormError;
}): string {
  const amount = formatAmount(options.amount, options.currency);
  return layout(
    `Pay ${amount}`,
    `<h1>Pay ${escapeHtml(amount)}</h1>
<dl>
<dt>Amount</dt><dd class="amount">${escapeHtml(amount)}</dd>
${options.description ? `<dt>For</dt><dd>${escapeHtml(options.description)}</dd>` : ''}
</dl>
${cardForm({
  action: `/pay/${encodeURIComponent(options.providerRef)}`,
  submitLabel: `Pay ${amount}`,
  values: options.values ?? {},
  error: options.error,
})}`,
  );
}

export function renderSetupPage(options: {
  providerRef: string;
  values?: CardFormValues;
  error?: CardFormError;
}): string {
  return layout(
    'Save a card',
    `<h1>Save a card</h1>
<p>The card is saved for later payments; nothing is charged now.</p>
${cardForm({
  action: `/setup/${encodeURIComponent(options.providerRef)}`,
  submitLabel: 'Save card',
  values: options.values ?? {},
  error: options.error,
})}`,
  );
}

export function renderMessagePage(options: {
  title: string;
  message: string;
  returnUrl?: string | undefined;
}): string {
  return layout(
    options.title,
    `<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.message)}</p>
${options.returnUrl ? `<p><a href="${escapeHtml(options.returnUrl)}">Back to the merchant</a></p>` : ''}`,
  );
}
