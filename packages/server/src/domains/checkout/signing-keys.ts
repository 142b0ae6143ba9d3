import { desc, eq } from 'drizzle-orm';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type { Db } from '../../db/client.js';
import { signingKeys } from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';
import { decryptSecret, encryptSecret } from '../../infra/secrets.js';

export type ActiveSigningKey = { kid: string; privateKey: CryptoKey };

export type SigningKeys = {
  /** The key new tokens are signed with (created on first use). */
  active(): Promise<ActiveSigningKey>;
  /** Every published public key (active and retiring), for `/.well-known/jwks.json`. */
  jwks(): Promise<JSONWebKeySet>;
  /** The public key of a `kid`, or undefined when it is unknown or retired. */
  publicKey(kid: string): Promise<CryptoKey | undefined>;
  /**
   * Makes a new key active; the old one keeps verifying (and stays published) for `graceMs`,
   * which must outlast the longest order expiry so no issued checkout link breaks.
   */
  rotate(options: { graceMs: number }): Promise<string>;
  /** Forgets the in-memory copy (after a rotation elsewhere). */
  invalidate(): void;
};

type Loaded = {
  at: number;
  active: ActiveSigningKey | undefined;
  publics: Map<string, { jwk: JWK; key: CryptoKey }>;
};

const ALG = 'EdDSA';
/** Other processes' rotations are picked up within this time. */
const CACHE_MS = 60_000;

/**
 * The platform's EdDSA (Ed25519) keys for checkout tokens. Private keys are stored encrypted
 * under the master key (bound to their kid); public keys are published as a JWKS so anyone,
 * the SDK included, can check a token offline.
 */
export function createSigningKeys(options: { db: Db; masterKey: Buffer }): SigningKeys {
  const { db, masterKey } = options;
  let loaded: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;
  let creating: Promise<void> | undefined;

  async function create(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = newId('key');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    await db.insert(signingKeys).values({
      kid,
      alg: ALG,
      publicJwk: publicJwk as unknown as Record<string, string>,
      privateKeyCiphertext: encryptSecret({
        masterKey,
        plaintext: JSON.stringify(privateJwk),
        associatedData: kid,
      }),
      status: 'active',
    });
  }

  async function load(): Promise<Loaded> {
    const rows = await db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt));
    const now = Date.now();
    const publics = new Map<string, { jwk: JWK; key: CryptoKey }>();
    let active: ActiveSigningKey | undefined;
    for (const row of rows) {
      if (row.status === 'retiring' && row.retiresAt && row.retiresAt.getTime() <= now) continue;
      const jwk = row.publicJwk as unknown as JWK;
      publics.set(row.kid, { jwk, key: (await importJWK(jwk, ALG)) as CryptoKey });
      // Two processes starting at once may both create a key: the newest active one signs,
      // the other stays valid for verification.
      if (!active && row.status === 'active') {
        const privateJwk = JSON.parse(
          decryptSecret({
            masterKey,
            ciphertext: row.privateKeyCiphertext,
            associatedData: row.kid,
          }),
        ) as JWK;
        active = { kid: row.kid, privateKey: (await importJWK(privateJwk, ALG)) as CryptoKey };
      }
    }
    return { at: now, active, publics };
  }

  async function current(): Promise<Loaded> {
    if (loaded && Date.now() - loaded.at < CACHE_MS) return loaded;
    loading ??= load().finally(() => {
      loading = undefined;
    });
    loaded = await loading;
    return loaded;
  }

  return {
    async active() {
      let state = await current();
      if (!state.active) {
        // One creation per process however many first requests arrive together.
        creating ??= create()
          .then(() => {
            loaded = undefined;
          })
          .finally(() => {
            creating = undefined;
          });
        await creating;
        state = await current();
      }
      if (!state.active) throw new Error('no active signing key after creating one');
      return state.active;
    },
    async jwks() {
      await this.active();
      const state = await current();
      return { keys: [...state.publics.values()].map((p) => p.jwk) };
    },
    async publicKey(kid) {
      let state = await current();
      if (!state.publics.has(kid)) {
        // A key created by another process since our last load.
        loaded = undefined;
        state = await current();
      }
      return state.publics.get(kid)?.key;
    },
    async rotate({ graceMs }) {
      const previous = await db.select().from(signingKeys).where(eq(signingKeys.status, 'active'));
      await create();
      const retiresAt = new Date(Date.now() + graceMs);
      for (const row of previous) {
        await db
          .update(signingKeys)
          .set({ status: 'retiring', retiresAt })
          .where(eq(signingKeys.kid, row.kid));
      }
      loaded = undefined;
      return (await this.active()).kid;
    },
    invalidate() {
      loaded = undefined;
    },
  };
}
