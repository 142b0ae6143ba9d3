import { Alert } from '@ducat/ui';
import type { ApiErrorInfo } from '@ducat/web-kit';
import { type ShopperContext, shopperMessage } from '@/lib/shopper-messages';

/**
 * An error under a form, in the shopper's words (lib/shopper-messages.ts), announced to screen
 * readers; the request id for support only under "Details".
 */
export function FormError({
  error,
  id,
  context = 'checkout',
}: {
  error: ApiErrorInfo | null;
  id?: string;
  context?: ShopperContext;
}) {
  if (!error) return null;
  return (
    <Alert tone="error" id={id} data-code={error.code}>
      <p>{shopperMessage(error, context)}</p>
      {error.requestId ? (
        <details className="mt-1 text-xs opacity-80">
          <summary className="cursor-pointer">Details</summary>
          <p>Reference for support: {error.requestId}</p>
        </details>
      ) : null}
    </Alert>
  );
}
