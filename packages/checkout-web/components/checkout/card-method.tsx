import { Button } from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import type { CheckoutView } from '@/lib/checkout';

/** Paying by card on the provider's secure page (a window of its own from the widget). */
export function CardMethod(props: {
  view: CheckoutView;
  embed: boolean;
  busy: boolean;
  onPay: () => void;
}) {
  const { view, embed, busy } = props;
  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">
        You enter your card on the card provider&apos;s secure page
        {embed ? ', in a new window' : ''}. Ducat never sees your card number.
      </p>
      <Button
        block
        size="lg"
        onClick={props.onPay}
        disabled={busy || view.underReview === true}
        aria-busy={busy}
      >
        {busy
          ? 'Opening the card page…'
          : `Pay by card · ${formatMoney(view.amount, view.currency)}`}
      </Button>
    </div>
  );
}
