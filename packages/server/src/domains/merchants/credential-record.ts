import type {
  CredentialKind,
  Mode,
  merchantCredentials,
} from '../../db/schema/merchant-credentials.js';

/** What staff may see of a credential: never the secret. */
export type CredentialSummary = {
  id: string;
  merchantId: string;
  mode: Mode;
  kind: CredentialKind;
  hint: string;
  state: 'active' | 'grace' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
};

export function credentialState(
  row: Pick<typeof merchantCredentials.$inferSelect, 'expiresAt' | 'revokedAt'>,
  now: Date,
): CredentialSummary['state'] {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt === null) return 'active';
  return row.expiresAt > now ? 'grace' : 'expired';
}

export function toCredentialSummary(
  row: typeof merchantCredentials.$inferSelect,
  now = new Date(),
): CredentialSummary {
  return {
    id: row.id,
    merchantId: row.merchantId,
    mode: row.mode,
    kind: row.kind,
    hint: row.hint,
    state: credentialState(row, now),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** `dk_test_…` (API keys) and `dwhsec_live_…` (webhook secrets): a leaked one says what it is. */
export function credentialPrefix(kind: CredentialKind, mode: Mode): string {
  return kind === 'api_key' ? `dk_${mode}_` : `dwhsec_${mode}_`;
}
