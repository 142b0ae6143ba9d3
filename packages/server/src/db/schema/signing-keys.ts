import { sql } from 'drizzle-orm';
import { mysqlEnum, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

/**
 * The platform's own signing keys (EdDSA) for checkout tokens. Public halves are published at
 * `/.well-known/jwks.json`; the private half is encrypted with the master key. Rotation: a new
 * key becomes active, the old one stays published (verify only) until `retires_at`.
 */
export const signingKeys = mysqlTable('signing_keys', {
  kid: varchar('kid', { length: 40 }).primaryKey(),
  alg: mysqlEnum('alg', ['EdDSA']).notNull(),
  publicJwk: json('public_jwk').$type<Record<string, string>>().notNull(),
  privateKeyCiphertext: text('private_key_ciphertext').notNull(),
  status: mysqlEnum('status', ['active', 'retiring']).notNull(),
  retiresAt: timestampMs('retires_at'),
  createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});
