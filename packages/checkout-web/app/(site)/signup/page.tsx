import type { Metadata } from 'next';
import { SignUpScreen } from '@/components/auth-page-forms';
import { safeNext } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Create an account · Ducat' };

export default async function SignUpPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await props.searchParams;
  return (
    <>
      <h1>Create your Ducat account</h1>
      <SignUpScreen next={safeNext(next)} />
    </>
  );
}
