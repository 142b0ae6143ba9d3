import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { SignInScreen } from '@/components/auth-page-forms';
import { nextUnlessSignedIn } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Sign in · Ducat' };

export default async function SignInPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = await nextUnlessSignedIn(props.searchParams);
  return (
    <div className="mx-auto grid w-full max-w-md gap-4">
      <PageHeader>
        <PageTitle>Sign in to Ducat</PageTitle>
      </PageHeader>
      <SignInScreen next={next} />
    </div>
  );
}
