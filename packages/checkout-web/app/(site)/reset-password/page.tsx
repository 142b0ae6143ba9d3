import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { ResetPassword } from '@/components/auth-page-forms';

export const metadata: Metadata = {
  title: 'Choose a new password · Ducat',
  referrer: 'no-referrer',
};

/** The link in the reset mail: `<PUBLIC_URL>/reset-password?token=…`. */
export default async function ResetPasswordPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await props.searchParams;
  return (
    <div className="mx-auto grid w-full max-w-md gap-4">
      <PageHeader>
        <PageTitle>Choose a new password</PageTitle>
      </PageHeader>
      {typeof token === 'string' && token.length > 0 ? (
        <ResetPassword token={token} />
      ) : (
        <p role="alert">This link has no reset token. Open the link from the mail again.</p>
      )}
    </div>
  );
}
