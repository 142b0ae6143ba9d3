import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/sign-out-button';
import { currentShopper } from '@/lib/server-api';

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const shopper = await currentShopper();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          Ducat
        </Link>
        <nav aria-label="Account">
          {shopper ? (
            <ul className="nav-list">
              <li>
                <Link href="/wallet">Wallet</Link>
              </li>
              <li>
                <Link href="/wallet/orders">Orders</Link>
              </li>
              <li>
                <Link href="/wallet/cards">Cards</Link>
              </li>
              <li>
                <Link href="/wallet/profile">Profile</Link>
              </li>
              <li>
                <SignOutButton />
              </li>
            </ul>
          ) : (
            <ul className="nav-list">
              <li>
                <Link href="/signin">Sign in</Link>
              </li>
              <li>
                <Link href="/signup">Create account</Link>
              </li>
            </ul>
          )}
        </nav>
      </header>
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
