'use client';

import {
  Button,
  Form,
  FormControl,
  FormFieldScope,
  FormItem,
  FormLabel,
  FormMessage,
  Input,
  useZodForm,
} from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import { useId, useState } from 'react';
import { ZDiscountCode } from '@/lib/account-schemas';
import { useApi } from '@/lib/api';
import type { CheckoutView } from '@/lib/checkout';
import { useAction } from '@/lib/use-action';
import { FormError } from '../form-error';

/**
 * "Have a discount code?": a campaign code the shopper types. The API checks it against the
 * order (running, same currency, the shopper in its audience, budget left), reserves the
 * discount and answers the order at its new amount; a code that does not apply changes nothing
 * and is explained in the shopper's words. Once a payment may be moving, the price is fixed.
 */
export function DiscountCode(props: {
  view: CheckoutView;
  token: string;
  disabled: boolean;
  onApplied: (view: CheckoutView) => void;
}) {
  const { view, token } = props;
  const { client } = useApi();
  const { busy, error, run } = useAction();
  const [open, setOpen] = useState(false);
  const id = useId();
  const form = useZodForm(ZDiscountCode);

  async function submit(values: { code: string }) {
    const next = await run(() =>
      client.checkout.applyDiscount.mutate({ token, code: values.code }),
    );
    if (!next) return;
    form.reset();
    setOpen(false);
    props.onApplied(next);
  }

  const applied = view.discount ? (
    <p role="status" className="text-sm text-success-foreground" data-testid="discount-applied">
      {view.discount.name}: −{formatMoney(view.discountAmount, view.currency)}
    </p>
  ) : null;

  if (!open) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-2">
        {applied ?? <span />}
        <Button
          type="button"
          variant="link"
          size="sm"
          aria-expanded={false}
          aria-controls={`${id}-form`}
          disabled={props.disabled}
          onClick={() => setOpen(true)}
        >
          {view.discount ? 'Use another code' : 'Have a discount code?'}
        </Button>
      </div>
    );
  }
  return (
    <Form
      form={form}
      onSubmit={submit}
      id={`${id}-form`}
      aria-label="Add a discount code"
      className="gap-2"
    >
      {applied}
      <FormFieldScope name="code">
        <FormItem>
          <FormLabel>Discount code</FormLabel>
          <div className="flex gap-2">
            <FormControl>
              <Input
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={40}
                autoFocus
                {...form.register('code')}
              />
            </FormControl>
            <Button
              type="submit"
              variant="secondary"
              disabled={busy || props.disabled}
              aria-busy={busy}
            >
              {busy ? 'Applying…' : 'Apply'}
            </Button>
          </div>
          <FormMessage />
        </FormItem>
      </FormFieldScope>
      <FormError error={error} />
      <Button
        type="button"
        variant="link"
        size="sm"
        className="justify-self-start"
        onClick={() => setOpen(false)}
      >
        Close
      </Button>
    </Form>
  );
}
