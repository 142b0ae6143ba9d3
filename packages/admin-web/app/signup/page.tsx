import { PageHeader, PageTitle } from '@ducat/ui';
import { SignupForm } from '@/components/merchant/signup-form';
import { ApiProvider } from '@/lib/trpc';

export default function SignupPage() {
  return (
    <ApiProvider>
      <main id="main" className="wide-form">
        <PageHeader>
          <PageTitle>Apply for a merchant account</PageTitle>
        </PageHeader>
        <p className="muted">
          Tell us about your business. A Ducat admin reviews the application; you can sign in at
          once to follow its status and prepare your keys.
        </p>
        <SignupForm />
      </main>
    </ApiProvider>
  );
}
