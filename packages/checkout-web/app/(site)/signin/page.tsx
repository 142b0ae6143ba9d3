import type { Metadata } from 'next';
import { SignInScreen } from '@/components/auth-page-forms';
import { nextUnlessSignedIn } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Sign in · Ducat' };

export default async function SignInPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = await nextUnlessSignedIn(props.searchParams);
  return (
    <>
      <h1>Sign in to Ducat</h1>
      <SignInScreen next={next} />
    </>
  );
}
