import { Badge } from '@ducat/ui';
import type { CheckoutView } from '@/lib/checkout';

/** Whose checkout this is: the merchant's logo and name, first thing on the page. */
export function MerchantHeader({ view }: { view: CheckoutView }) {
  const { brand } = view;
  const name = brand.name || 'The merchant';
  return (
    <header className="flex items-center gap-3">
      {brand.logoUrl ? (
        // A merchant's uploaded bitmap, served by the platform; next/image would add a loader.
        // biome-ignore lint/performance/noImgElement: a small same-origin logo, sized here
        <img
          src={brand.logoUrl}
          alt=""
          width={40}
          height={40}
          className="size-10 rounded-md border border-border bg-surface object-contain"
        />
      ) : (
        <span
          aria-hidden="true"
          className="flex size-10 items-center justify-center rounded-md bg-primary text-lg font-semibold text-primary-foreground"
        >
          {name.slice(0, 1).toUpperCase()}
        </span>
      )}
      <p className="min-w-0 flex-1 truncate font-semibold" data-testid="merchant-name">
        {name}
      </p>
      {view.mode === 'test' ? <Badge tone="warning">Test mode</Badge> : null}
    </header>
  );
}
