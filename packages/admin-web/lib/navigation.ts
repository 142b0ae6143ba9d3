import type { NavItem } from '@/components/app-shell';
import type { StaffRole } from './api-types';
import { type Capability, can } from './roles';

type Entry = NavItem & { needs?: Capability };

/**
 * The platform area's pages. A page whose server procedures have not landed yet is not listed
 * (no page over fake data); each entry shows only to roles the server would answer.
 */
const ADMIN_NAV: Entry[] = [
  { href: '/admin/dashboard', label: 'Dashboard', needs: 'merchants.read' },
  { href: '/admin/merchants', label: 'Merchants', needs: 'merchants.read' },
  { href: '/admin/shoppers', label: 'Shoppers', needs: 'merchants.read' },
  { href: '/admin/orders', label: 'Orders', needs: 'merchants.read' },
  { href: '/admin/exceptions', label: 'Exception queue', needs: 'merchants.read' },
  { href: '/admin/ledger', label: 'Ledger', needs: 'merchants.read' },
  { href: '/admin/reconciliation', label: 'Reconciliation', needs: 'merchants.read' },
  { href: '/admin/risk', label: 'Risk', needs: 'merchants.read' },
  { href: '/admin/providers', label: 'Providers', needs: 'merchants.read' },
  { href: '/admin/settings', label: 'Settings', needs: 'merchants.read' },
  { href: '/admin/jobs', label: 'Jobs', needs: 'merchants.read' },
  { href: '/admin/audit', label: 'Audit log', needs: 'audit.read' },
  { href: '/admin/staff', label: 'Staff', needs: 'staff.create' },
];

const MERCHANT_NAV: Entry[] = [
  { href: '/merchant', label: 'Overview' },
  { href: '/merchant/orders', label: 'Orders' },
  { href: '/merchant/balance', label: 'Balance and payouts' },
  { href: '/merchant/reports', label: 'Reports' },
  { href: '/merchant/keys', label: 'Keys and secrets', needs: 'credentials.read' },
  { href: '/merchant/webhooks', label: 'Webhooks', needs: 'ipn.read' },
  { href: '/merchant/ipn', label: 'IPN deliveries', needs: 'ipn.read' },
  { href: '/merchant/settings', label: 'Settings' },
];

function visible(entries: Entry[], role: StaffRole): NavItem[] {
  return entries
    .filter((e) => !e.needs || can(role, e.needs))
    .map(({ href, label }) => ({ href, label }));
}

export const adminNav = (role: StaffRole) => visible(ADMIN_NAV, role);
export const merchantNav = (role: StaffRole) => visible(MERCHANT_NAV, role);
