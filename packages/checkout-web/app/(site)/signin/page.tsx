import type { Metadata } from 'next';
import { SignInScreen } from '@/components/auth-page-forms';
import { safeNext } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Sign in · Ducat' };

export default async function SignInPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await props.searchParams;
  return (
    <>
      <h1>Sign in to Ducat</h1>
      <SignInScreen next={safeNext(next)} />
    </>
  );
}
