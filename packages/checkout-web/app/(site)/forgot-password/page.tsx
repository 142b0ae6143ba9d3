import type { Metadata } from 'next';
import { ForgotPassword } from '@/components/auth-page-forms';

export const metadata: Metadata = { title: 'Forgot your password · Ducat' };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1>Forgot your password?</h1>
      <p>Tell us your email and we will send you a link to choose a new one.</p>
      <ForgotPassword />
    </>
  );
}
