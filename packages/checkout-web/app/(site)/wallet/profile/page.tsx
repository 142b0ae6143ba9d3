import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { ProfileForms } from '@/components/wallet/profile';
import { requireShopper } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Profile · Ducat' };

export default async function ProfilePage() {
  await requireShopper('/wallet/profile');
  return (
    <div className="grid gap-4">
      <PageHeader>
        <PageTitle>Your profile</PageTitle>
      </PageHeader>
      <ProfileForms />
    </div>
  );
}
