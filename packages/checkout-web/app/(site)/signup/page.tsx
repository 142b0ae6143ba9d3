import type { Metadata } from 'next';
import { SignUpScreen } from '@/components/auth-page-forms';
import { nextUnlessSignedIn } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Create an account · Ducat' };

export default async function SignUpPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = await nextUnlessSignedIn(props.searchParams);
  return (
    <>
      <h1>Create your Ducat account</h1>
      <SignUpScreen next={next} />
    </>
  );
}
