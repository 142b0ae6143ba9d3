import { brandStyle } from '@ducat/ui';
import { apiErrorOf } from '@ducat/web-kit';
import { TRPCClientError } from '@trpc/client';
import { headers } from 'next/headers';
import type { CheckoutView } from '@/lib/checkout';
import { embedOriginsFrom } from '@/lib/embed-origins';
import { currentShopper, serverApi } from '@/lib/server-api';
import { BadLinkReporter } from './bad-link-reporter';
import { CheckoutFlow } from './checkout/checkout-flow';
import { MerchantHeader } from './checkout/merchant-header';
import { OrderSummary } from './checkout/order-summary';
import { TrustFooter } from './checkout/trust-footer';

/** A link that cannot be trusted: nothing about the order is shown, nothing can be paid. */
function BadLink({ code, message, embed }: { code: string; message: string; embed: boolean }) {
  const signature = code === 'error_signature';
  return (
    <section
      className="mx-auto grid max-w-md gap-2 rounded-lg border-2 border-destructive-border bg-surface p-6 text-center shadow-sm"
      data-testid="checkout-error"
      data-code={code}
    >
      <h1 className="text-xl font-semibold">
        {signature ? 'This payment link is not valid' : 'This checkout cannot be opened'}
      </h1>
      <p>
        {signature
          ? 'The link was changed or damaged, so we cannot trust what it asks you to pay. Nothing was charged. Go back to the shop and start the payment again.'
          : message}
      </p>
      {signature ? (
        <p className="text-sm text-muted-foreground">
          Error code: checkout_error / error_signature
        </p>
      ) : null}
      {embed ? <BadLinkReporter code={code} message={message} /> : null}
    </section>
  );
}

/** The merchant's allowed origins: from proxy.ts, which looked them up for the CSP already. */
async function embedOrigins(token: string): Promise<string[]> {
  const handed = embedOriginsFrom(await headers());
  if (handed) return handed;
  const api = await serverApi();
  return (await api.checkout.embedOrigins.query({ token })).allowedOrigins;
}

/**
 * The checkout for a link's token, rendered on the server (the merchant, the amount and the
 * lines need no script) with the interactive part hydrated on the client. Shared by the full
 * page (two columns from 1024 px: the order, then how to pay) and the widget (one column).
 * The merchant's brand colour paints the primary action, when it is readable.
 */
export async function CheckoutPage(props: { token: string; returning: boolean; embed: boolean }) {
  const api = await serverApi();
  let view: CheckoutView;
  let allowedOrigins: string[] = [];
  try {
    [view, allowedOrigins] = await Promise.all([
      api.checkout.open.query({ token: props.token }),
      props.embed ? embedOrigins(props.token) : Promise.resolve([]),
    ]);
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const info = apiErrorOf(error);
    // A malformed token (too short, too long) is as bad as a forged one.
    const code = info.code === 'validation_failed' ? 'error_signature' : info.code;
    return <BadLink code={code} message={info.message} embed={props.embed} />;
  }
  const shopper = await currentShopper();
  // The best campaign the order (and the shopper, once known) qualifies for is taken now, so
  // the summary shows the amount to pay; asking again keeps the discount already held.
  if (view.status === 'created') {
    const opened = view;
    view = await api.checkout.applyDiscount.mutate({ token: props.token }).catch(() => opened);
  }
  const flow = (
    <CheckoutFlow
      token={props.token}
      initialView={view}
      signedIn={shopper !== null}
      returning={props.returning}
      {...(props.embed ? { embed: { allowedOrigins } } : {})}
    />
  );
  if (props.embed) {
    return (
      <div className="grid gap-4" style={brandStyle(view.brand.color)}>
        <MerchantHeader view={view} />
        <OrderSummary view={view} />
        {flow}
        <TrustFooter view={view} />
      </div>
    );
  }
  return (
    <div
      className="mx-auto grid w-full max-w-md gap-6 lg:max-w-5xl lg:grid-cols-2 lg:gap-16"
      style={brandStyle(view.brand.color)}
    >
      <div className="grid content-start gap-6 lg:sticky lg:top-10">
        <MerchantHeader view={view} />
        <OrderSummary view={view} />
      </div>
      <div className="grid content-start gap-6">
        {flow}
        <TrustFooter view={view} />
      </div>
    </div>
  );
}
