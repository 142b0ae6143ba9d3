'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { StaffMember } from './api-types';

const StaffContext = createContext<StaffMember | null>(null);

export function StaffProvider({ me, children }: { me: StaffMember; children: ReactNode }) {
  return <StaffContext.Provider value={me}>{children}</StaffContext.Provider>;
}

/** The signed-in staff member (inside the admin and merchant layouts). */
export function useStaff(): StaffMember {
  const me = useContext(StaffContext);
  if (!me) throw new Error('useStaff outside a signed-in layout');
  return me;
}

/** The merchant the signed-in merchant staff member belongs to. */
export function useOwnMerchantId(): string {
  const me = useStaff();
  if (!me.merchantId) throw new Error('not merchant staff');
  return me.merchantId;
}
