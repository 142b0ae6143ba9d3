import { describe, expect, it } from 'vitest';
import { appRouter } from '../../server/src/root';
import { ALLOWED, type Capability, can, homeOf } from './roles';

/** The procedure whose policy each capability of the UI mirrors. */
const PROCEDURE_OF: Record<Capability, string> = {
  'merchants.read': 'admin.merchants.list',
  'merchants.setStatus': 'admin.merchants.setStatus',
  'merchants.setFee': 'admin.merchants.setFee',
  'staff.create': 'admin.staff.create',
  'shoppers.lock': 'admin.shoppers.setLocked',
  'ledger.verify': 'admin.ledger.verify',
  'providers.manage': 'admin.providers.create',
  'settings.update': 'admin.settings.update',
  'jobs.run': 'admin.jobs.run',
  'audit.read': 'admin.audit',
  'exceptions.resolve': 'admin.exceptions.resolve',
  'recon.act': 'admin.recon.differences.resolve',
  'risk.publish': 'admin.risk.rules.publish',
  'risk.holds.resolve': 'admin.risk.holds.resolve',
  'credentials.read': 'merchant.credentials.list',
  'credentials.issue': 'merchant.credentials.issue',
  'credentials.revoke': 'merchant.credentials.revoke',
  'ipn.read': 'merchant.ipn.list',
  'merchant.update': 'merchant.update',
  'merchant.audit': 'merchant.audit',
  'merchant.staff.create': 'merchant.staff.create',
  'refunds.create': 'merchant.refunds.create',
  'payouts.create': 'merchant.payouts.create',
};

type Procedures = Record<
  string,
  { _def: { meta?: { policy?: { kind: string; roles?: string[] } } } }
>;

describe('what the portal shows to each role', () => {
  const procedures = appRouter._def.procedures as unknown as Procedures;

  it.each(Object.entries(PROCEDURE_OF))(
    'hides %s from exactly the roles the server refuses (%s)',
    (capability, path) => {
      const policy = procedures[path]?._def.meta?.policy;
      expect(policy?.kind).toBe('staff');
      expect([...(ALLOWED[capability as Capability] as readonly string[])].sort()).toEqual(
        [...(policy?.roles ?? [])].sort(),
      );
    },
  );

  it('sends platform roles to /admin and merchant roles to /merchant', () => {
    expect(['admin', 'support', 'finance'].map((r) => homeOf(r as 'admin'))).toEqual([
      '/admin',
      '/admin',
      '/admin',
    ]);
    expect(homeOf('owner')).toBe('/merchant');
    expect(homeOf('developer')).toBe('/merchant');
    expect(can('support', 'merchants.setStatus')).toBe(false);
    expect(can('admin', 'credentials.issue')).toBe(false);
  });
});
