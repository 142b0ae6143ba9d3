'use client';

import { type ApiErrorInfo, apiErrorOf } from '@ducat/web-kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi, useTRPC } from '@/lib/api';
import { FormError } from '../form-error';
import { AddCardButton, AFTER_CARD_KEY } from './deposit-form';

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
    <section className="card" aria-labelledby="cards-title" aria-busy={cards.isPending}>
      <h2 id="cards-title">Saved cards</h2>
      {returned === 'failed' ? (
        <p className="alert alert-error" role="alert">
          The provider could not save that card. Try another one.
        </p>
      ) : null}
      {waiting ? (
        <p className="alert alert-info" role="status">
          Saving your card… this takes a moment.
        </p>
      ) : null}
      {cards.isPending ? (
        <p className="skeleton-line">Loading…</p>
      ) : cards.isError ? (
        <p role="alert">Your cards could not be loaded.</p>
      ) : count === 0 ? (
        <p className="empty">No saved cards.</p>
      ) : (
        <ul className="cards" data-testid="saved-cards">
          {cards.data.map((card) => (
            <li key={card.id} className="saved-card">
              <span>
                <strong>{card.brand}</strong> ending {card.last4}
                <span className="muted small block">
                  expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}
                </span>
              </span>
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${card.brand} ending ${card.last4}`}
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
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={error} />
      <AddCardButton label={count === 0 ? 'Add a card' : 'Add another card'} />
    </section>
  );
}
