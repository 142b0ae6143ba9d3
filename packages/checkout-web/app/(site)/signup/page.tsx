import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignUpScreen } from '@/components/auth-page-forms';
import { safeNext } from '@/lib/safe-next';
import { currentShopper } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Create an account · Ducat' };

export default async function SignUpPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await props.searchParams;
  // Already signed in: straight on.
  if (await currentShopper()) redirect(safeNext(next));
  return (
    <>
      <h1>Create your Ducat account</h1>
      <SignUpScreen next={safeNext(next)} />
    </>
  );
}
