import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { SignUpScreen } from '@/components/auth-page-forms';
import { nextUnlessSignedIn } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Create an account · Ducat' };

export default async function SignUpPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = await nextUnlessSignedIn(props.searchParams);
  return (
    <div className="mx-auto grid w-full max-w-md gap-4">
      <PageHeader>
        <PageTitle>Create your Ducat account</PageTitle>
      </PageHeader>
      <SignUpScreen next={next} />
    </div>
  );
}
