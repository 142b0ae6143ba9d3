import type { Metadata } from 'next';
import { ProfileForms } from '@/components/wallet/profile';
import { requireShopper } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Profile · Ducat' };

export default async function ProfilePage() {
  await requireShopper('/wallet/profile');
  return (
    <div className="stack">
      <h1>Your profile</h1>
      <ProfileForms />
    </div>
  );
}
