import type { Metadata } from 'next';
import { CheckoutPage } from '@/components/checkout-page';

export const metadata: Metadata = { title: 'Pay · Ducat', referrer: 'no-referrer' };

/**
 * The widget's page (in the merchant's iframe or popup): the same checkout, framed only by the
 * merchant's allowed origins (CSP frame-ancestors, set in proxy.ts), talking to its parent over
 * postMessage (see lib/embed-channel.ts).
 */
export default async function EmbedPage(props: { params: Promise<{ token: string }> }) {
  const { token } = await props.params;
  return (
    <main className="p-3" id="main">
      <CheckoutPage token={decodeURIComponent(token)} returning={false} embed />
    </main>
  );
}
