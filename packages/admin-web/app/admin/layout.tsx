import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { adminNav } from '@/lib/navigation';
import { isPlatformRole } from '@/lib/roles';
import { staffSession } from '@/lib/server-api';
import { ApiProvider } from '@/lib/trpc';

export const dynamic = 'force-dynamic';

/** The platform area: platform staff only (merchant staff are sent to their own area). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await staffSession();
  if (!session) redirect('/login');
  if (!isPlatformRole(session.me.role)) redirect('/merchant');
  return (
    <ApiProvider csrfToken={session.csrfToken}>
      <AppShell area="Platform admin" me={session.me} nav={adminNav(session.me.role)}>
        {children}
      </AppShell>
    </ApiProvider>
  );
}
