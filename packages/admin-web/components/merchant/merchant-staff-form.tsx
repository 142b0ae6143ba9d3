'use client';

import { useMutation } from '@tanstack/react-query';
import { StaffMemberForm } from '@/components/staff-member-form';
import { useOwnMerchantId } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

/** The owner adds a colleague: a developer (keys, IPNs, reports) or another owner. */
export function MerchantStaffForm() {
  const trpc = useTRPC();
  const merchantId = useOwnMerchantId();
  const create = useMutation(
    trpc.merchant.staff.create.mutationOptions({ meta: success('Team member added') }),
  );
  return (
    <StaffMemberForm
      heading="Add a team member"
      roles={['developer', 'owner'] as const}
      defaultRole="developer"
      pending={create.isPending}
      error={create.error}
      created={create.data}
      onSubmit={(member, done) => create.mutate({ merchantId, ...member }, { onSuccess: done })}
    />
  );
}
