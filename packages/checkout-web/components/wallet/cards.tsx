'use client';

import { Alert, Button, Card, CardContent, CardHeader, CardTitle, Skeleton } from '@ducat/ui';
import { type ApiErrorInfo, apiErrorOf } from '@ducat/web-kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi, useTRPC } from '@/lib/api';
import { FormError } from '../form-error';
import { AddCardButton, AFTER_CARD_KEY } from './deposit-form';
import { cardName } from './labels';

/**
 * Saved cards (brand, last four, expiry; the platform never sees the number). Coming back from
 * the provider's card page (`?status=succeeded`), the list is polled until the card appears (the
 * provider's notification saves it), then a deposit that asked for a card continues.
 */
export function CardsList({ returned }: { returned: 'succeeded' | 'failed' | 'pending' | null }) {
  const trpc = useTRPC();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const [waiting, setWaiting] = useState(returned === 'succeeded' || returned === 'pending');
  const cards = useQuery({
    ...trpc.cards.list.queryOptions(),
    refetchInterval: waiting ? 1_000 : false,
  });
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const count = cards.data?.length ?? 0;

  useEffect(() => {
    // Waits for the first card only: a shopper adding another one sees it at the next refresh.
    if (!waiting || !cards.data || cards.data.length === 0) return;
    {
      setWaiting(false);
      const after = sessionStorage.getItem(AFTER_CARD_KEY);
      if (after) {
        sessionStorage.removeItem(AFTER_CARD_KEY);
        window.location.assign(after);
      }
    }
  }, [waiting, cards.data]);

  return (
    <Card aria-labelledby="cards-title" aria-busy={cards.isPending}>
      <CardHeader>
        <CardTitle id="cards-title">Saved cards</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        {returned === 'failed' ? (
          <Alert tone="error">
            <p>The provider could not save that card. Try another one.</p>
          </Alert>
        ) : null}
        {waiting ? (
          <Alert tone="info">
            <p>Saving your card… this takes a moment.</p>
          </Alert>
        ) : null}
        {cards.isPending ? (
          <Skeleton className="h-12 w-full" />
        ) : cards.isError ? (
          <p role="alert">Your cards could not be loaded. Reload the page to try again.</p>
        ) : count === 0 ? (
          <p className="text-muted-foreground">No saved cards.</p>
        ) : (
          <ul className="m-0 grid list-none p-0" data-testid="saved-cards">
            {cards.data.map((card) => (
              <li
                key={card.id}
                className="flex items-center justify-between gap-4 border-b border-border py-2 last:border-0"
              >
                <span>
                  <strong className="font-semibold">{cardName(card)}</strong>
                  <span className="block text-sm text-muted-foreground">
                    expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}
                  </span>
                </span>
                <Button
                  type="button"
                  variant="link"
                  size="sm"
                  className="min-h-11"
                  aria-label={`Remove ${cardName(card)}`}
                  onClick={async () => {
                    setError(null);
                    try {
                      await client.cards.remove.mutate({ cardId: card.id });
                      await queryClient.invalidateQueries();
                    } catch (caught) {
                      setError(apiErrorOf(caught));
                    }
                  }}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        <FormError error={error} context="cards" />
        <AddCardButton label={count === 0 ? 'Add a card' : 'Add another card'} />
      </CardContent>
    </Card>
  );
}
