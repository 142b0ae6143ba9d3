import { sql } from 'drizzle-orm';
import { customType, index, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/** Up to 16 MB of bytes; logos are capped far lower by the upload check. */
const mediumBlob = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return 'mediumblob';
  },
});

export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];

/**
 * Merchant logos shown on the hosted checkout. Stored here rather than on disk so that every
 * server process serves the same bytes; a merchant has few and they are small.
 */
export const merchantLogos = mysqlTable(
  'merchant_logos',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    // The type detected from the bytes (never the uploader's claim).
    contentType: varchar('content_type', { length: 40 }).$type<LogoContentType>().notNull(),
    bytes: mediumBlob('bytes').notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('merchant_logos_merchant_idx').on(t.merchantId)],
);
