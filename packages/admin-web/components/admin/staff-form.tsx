'use client';

import { useMutation } from '@tanstack/react-query';
import { StaffMemberForm } from '@/components/staff-member-form';
import { success, useTRPC } from '@/lib/trpc';

/** An admin adds platform staff: admin, support (read-only) or finance. */
export function StaffForm() {
  const trpc = useTRPC();
  const create = useMutation(
    trpc.admin.staff.create.mutationOptions({ meta: success('Staff member added') }),
  );
  return (
    <StaffMemberForm
      heading="Add a staff member"
      roles={['support', 'finance', 'admin'] as const}
      defaultRole="support"
      pending={create.isPending}
      error={create.error}
      created={create.data}
      onSubmit={(member, done) => create.mutate(member, { onSuccess: done })}
    />
  );
}
