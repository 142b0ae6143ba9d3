import { Card, Spinner } from '@ducat/ui';

/** While the card provider's answer is on its way. */
export function WaitingForProvider() {
  return (
    <Card
      aria-live="polite"
      aria-busy="true"
      className="grid gap-3 p-5 sm:p-6"
      data-testid="waiting"
    >
      <div className="flex items-center gap-3">
        <Spinner className="text-primary" />
        <h2 className="text-lg font-semibold">Waiting for your card provider</h2>
      </div>
      <p className="text-sm text-muted-foreground">
        This page updates by itself. If your card provider never answers, nothing is charged and the
        order ends when it expires.
      </p>
    </Card>
  );
}
