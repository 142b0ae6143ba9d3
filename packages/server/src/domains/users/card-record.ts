import type { Mode, savedCards } from '../../db/schema/index.js';

export type SavedCard = {
  id: string;
  provider: string;
  /** The wallets it funds (its set-up's mode). */
  mode: Mode;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
};

export function toSavedCard(row: typeof savedCards.$inferSelect): SavedCard {
  return {
    id: row.id,
    provider: row.provider,
    mode: row.mode,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.expMonth,
    expYear: row.expYear,
  };
}
