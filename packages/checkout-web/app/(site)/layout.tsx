import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/sign-out-button';
import { currentShopper } from '@/lib/server-api';

const NAV_LINK =
  'inline-flex min-h-11 items-center rounded-md px-2 text-sm font-medium text-link underline-offset-4 hover:underline';

/** Ducat's own pages (wallet, account): the header with the wallet's navigation. */
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const shopper = await currentShopper();
  return (
    <>
      <a
        className="absolute -left-[999px] top-2 z-10 rounded-md bg-surface px-4 py-2 text-foreground focus:left-2"
        href="#main"
      >
        Skip to content
      </a>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-1 px-4 py-2">
          <Link href="/" className="text-xl font-bold text-foreground no-underline">
            Ducat
          </Link>
          <nav aria-label="Account">
            <ul className="m-0 flex list-none flex-wrap items-center gap-x-1 p-0">
              {shopper ? (
                <>
                  <li>
                    <Link className={NAV_LINK} href="/wallet">
                      Wallet
                    </Link>
                  </li>
                  <li>
                    <Link className={NAV_LINK} href="/wallet/orders">
                      Orders
                    </Link>
                  </li>
                  <li>
                    <Link className={NAV_LINK} href="/wallet/cards">
                      Cards
                    </Link>
                  </li>
                  <li>
                    <Link className={NAV_LINK} href="/wallet/profile">
                      Profile
                    </Link>
                  </li>
                  <li>
                    <SignOutButton />
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <Link className={NAV_LINK} href="/signin">
                      Sign in
                    </Link>
                  </li>
                  <li>
                    <Link className={NAV_LINK} href="/signup">
                      Create account
                    </Link>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 pt-5 pb-10 sm:pt-8 sm:pb-14">
        {children}
      </main>
    </>
  );
}
