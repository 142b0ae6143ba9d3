import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type StaffRole, staffUsers } from '../../db/schema/index.js';

export type StaffMember = {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  merchantId: string | null;
};

/** A staff user who may act now (exists and is not disabled). */
export async function findActiveStaff(options: {
  db: DbOrTx;
  staffId: string;
}): Promise<StaffMember | undefined> {
  const [row] = await options.db
    .select()
    .from(staffUsers)
    .where(eq(staffUsers.id, options.staffId));
  if (!row || row.disabledAt) return undefined;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    merchantId: row.merchantId,
  };
}
