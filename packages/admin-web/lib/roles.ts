import type { StaffRole } from './api-types';

/**
 * What each role may do, as the server's policies say (src/routers/**: `.meta({ policy })`). The
 * server enforces it; the UI only uses this to hide what the server would refuse.
 */
export const ALLOWED = {
  'merchants.read': ['admin', 'support', 'finance'],
  'merchants.setStatus': ['admin'],
  'merchants.setFee': ['admin', 'finance'],
  'staff.create': ['admin'],
  'shoppers.lock': ['admin', 'support'],
  'ledger.verify': ['admin', 'finance'],
  'providers.manage': ['admin'],
  'settings.update': ['admin'],
  'jobs.run': ['admin'],
  'audit.read': ['admin', 'support'],
  'exceptions.resolve': ['admin', 'finance'],
  'recon.act': ['admin', 'finance'],
  'risk.publish': ['admin'],
  'risk.holds.resolve': ['admin', 'finance'],
  'credentials.read': ['admin', 'support', 'owner', 'developer'],
  'credentials.issue': ['owner', 'developer'],
  'credentials.revoke': ['admin', 'owner', 'developer'],
  'ipn.read': ['admin', 'support', 'owner', 'developer'],
  'merchant.update': ['admin', 'owner'],
  'merchant.audit': ['admin', 'support', 'owner'],
  'merchant.staff.create': ['admin', 'owner'],
  'refunds.create': ['owner'],
  'payouts.create': ['owner'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Capability = keyof typeof ALLOWED;

export function can(role: StaffRole, capability: Capability): boolean {
  return (ALLOWED[capability] as readonly StaffRole[]).includes(role);
}

const PLATFORM_ROLES: readonly StaffRole[] = ['admin', 'support', 'finance'];

/** Platform staff work in /admin, merchant staff (owner, developer) in /merchant. */
export function isPlatformRole(role: StaffRole): boolean {
  return PLATFORM_ROLES.includes(role);
}

export function homeOf(role: StaffRole): '/admin' | '/merchant' {
  return isPlatformRole(role) ? '/admin' : '/merchant';
}
