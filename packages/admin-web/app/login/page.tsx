import { PageHeader, PageTitle } from '@ducat/ui';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { homeOf } from '@/lib/roles';
import { staffSession } from '@/lib/server-api';
import { ApiProvider } from '@/lib/trpc';

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  const session = await staffSession();
  if (session) redirect(homeOf(session.me.role));
  return (
    <ApiProvider>
      <main id="main" className="narrow">
        <PageHeader>
          <PageTitle>Sign in to Ducat</PageTitle>
        </PageHeader>
        <p className="muted">Platform staff and merchant staff sign in here.</p>
        <LoginForm />
        <p>
          New merchant? <a href="/signup">Apply for an account</a>.
        </p>
      </main>
    </ApiProvider>
  );
}
