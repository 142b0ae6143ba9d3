import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInScreen } from '@/components/auth-page-forms';
import { safeNext } from '@/lib/safe-next';
import { currentShopper } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Sign in · Ducat' };

export default async function SignInPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await props.searchParams;
  // Already signed in: straight on.
  if (await currentShopper()) redirect(safeNext(next));
  return (
    <>
      <h1>Sign in to Ducat</h1>
      <SignInScreen next={safeNext(next)} />
    </>
  );
}
