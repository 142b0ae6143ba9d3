import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { ModeProvider, ModeSwitch } from '@/lib/mode';
import { MODE_COOKIE, modeOf, SECURE_MODE_COOKIE } from '@/lib/mode-cookie';
import { merchantNav } from '@/lib/navigation';
import { isPlatformRole } from '@/lib/roles';
import { staffSession } from '@/lib/server-api';
import { ApiProvider } from '@/lib/trpc';

export const dynamic = 'force-dynamic';

/** The merchant area: a merchant's own staff (owner, developer), always on their own merchant. */
export default async function MerchantLayout({ children }: { children: ReactNode }) {
  const session = await staffSession();
  if (!session) redirect('/login');
  if (isPlatformRole(session.me.role) || !session.me.merchantId) redirect('/admin');
  const jar = await cookies();
  const mode = modeOf((jar.get(SECURE_MODE_COOKIE) ?? jar.get(MODE_COOKIE))?.value);
  return (
    <ApiProvider csrfToken={session.csrfToken}>
      <ModeProvider mode={mode}>
        <AppShell
          area="Merchant"
          me={session.me}
          nav={merchantNav(session.me.role)}
          tools={<ModeSwitch />}
        >
          {children}
        </AppShell>
      </ModeProvider>
    </ApiProvider>
  );
}
