import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type LogoContentType, merchantLogos } from '../../db/schema/index.js';

/** A stored logo by its id (ids are random: knowing one is what a checkout page shows). */
export async function getMerchantLogo(options: {
  db: DbOrTx;
  logoId: string;
}): Promise<{ contentType: LogoContentType; bytes: Buffer } | null> {
  const [row] = await options.db
    .select({ contentType: merchantLogos.contentType, bytes: merchantLogos.bytes })
    .from(merchantLogos)
    .where(eq(merchantLogos.id, options.logoId))
    .limit(1);
  return row ?? null;
}
