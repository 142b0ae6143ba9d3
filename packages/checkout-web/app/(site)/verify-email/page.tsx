import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { VerifyEmail } from '@/components/auth-page-forms';

export const metadata: Metadata = { title: 'Verify your email · Ducat', referrer: 'no-referrer' };

/** The link in the sign-up mail: `<PUBLIC_URL>/verify-email?token=…`. */
export default async function VerifyEmailPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await props.searchParams;
  return (
    <div className="mx-auto grid w-full max-w-md gap-4">
      <PageHeader>
        <PageTitle>Verify your email</PageTitle>
      </PageHeader>
      {typeof token === 'string' && token.length > 0 ? (
        <VerifyEmail token={token} />
      ) : (
        <p role="alert">This link has no verification token. Open the link from the mail again.</p>
      )}
    </div>
  );
}
