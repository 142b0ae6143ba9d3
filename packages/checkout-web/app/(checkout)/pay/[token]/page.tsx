import type { Metadata } from 'next';
import { CheckoutPage } from '@/components/checkout-page';

export const metadata: Metadata = { title: 'Pay · Ducat', referrer: 'no-referrer' };

export default async function PayPage(props: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await props.params;
  const search = await props.searchParams;
  // The provider sends the shopper back here with ?providerRef=…&status=…: unsigned, so it only
  // means "ask the API"; the outcome shown is the API's.
  const returning = typeof search.providerRef === 'string';
  return <CheckoutPage token={decodeURIComponent(token)} returning={returning} embed={false} />;
}
