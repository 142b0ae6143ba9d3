import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { ForgotPassword } from '@/components/auth-page-forms';

export const metadata: Metadata = { title: 'Forgot your password · Ducat' };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto grid w-full max-w-md gap-4">
      <PageHeader>
        <PageTitle>Forgot your password?</PageTitle>
      </PageHeader>
      <p className="text-muted-foreground">
        Tell us your email and we will send you a link to choose a new one.
      </p>
      <ForgotPassword />
    </div>
  );
}
