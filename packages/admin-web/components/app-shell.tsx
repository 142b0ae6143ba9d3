'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import type { StaffMember } from '@/lib/api-types';
import { StaffProvider } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';

export type NavItem = { href: string; label: string };

/** The portal's frame: skip link, role-aware navigation, who is signed in, sign out. */
export function AppShell({
  area,
  me,
  nav,
  tools,
  children,
}: {
  area: string;
  me: StaffMember;
  nav: NavItem[];
  /** Controls for the whole area (the merchant area's test/live switch). */
  tools?: ReactNode;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const trpc = useTRPC();
  const logOut = useMutation(
    trpc.admin.logOut.mutationOptions({
      onSettled: () => {
        router.push('/login');
        router.refresh();
      },
    }),
  );
  const home = nav[0]?.href ?? '/';
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href={home} className="brand">
          Ducat <span className="muted">{area}</span>
        </Link>
        <div className="who">
          {tools}
          <span data-testid="who">
            {me.email} · <strong>{me.role}</strong>
          </span>
          <button type="button" onClick={() => logOut.mutate()} disabled={logOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <div className="body">
        <nav aria-label={`${area} navigation`} className="sidenav">
          <ul>
            {nav.map((item) => {
              const current =
                pathname === item.href ||
                (item.href !== home && pathname.startsWith(`${item.href}/`));
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <StaffProvider me={me}>{children}</StaffProvider>
        </main>
      </div>
    </div>
  );
}
