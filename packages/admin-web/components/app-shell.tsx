'use client';

import {
  Button,
  cn,
  Sheet,
  SheetClose,
  SheetContent,
  SheetDescription,
  SheetTitle,
  SheetTrigger,
} from '@ducat/ui';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import type { StaffMember } from '@/lib/api-types';
import { StaffProvider } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';
import { GlobalSearch } from './global-search';

export type NavItem = { href: string; label: string };

function NavList({
  area,
  nav,
  pathname,
  onNavigate,
}: {
  area: string;
  nav: NavItem[];
  pathname: string;
  onNavigate?: () => void;
}) {
  const home = nav[0]?.href ?? '/';
  return (
    <nav aria-label={`${area} navigation`}>
      <ul className="m-0 flex list-none flex-col gap-0.5 p-0">
        {nav.map((item) => {
          const current =
            pathname === item.href || (item.href !== home && pathname.startsWith(`${item.href}/`));
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                onClick={onNavigate}
                className={cn(
                  'block rounded-md px-3 py-2 text-sm text-foreground no-underline hover:bg-muted',
                  current && 'bg-secondary font-semibold text-secondary-foreground',
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function MenuIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M4 6h16M4 12h16M4 18h16" strokeLinecap="round" />
    </svg>
  );
}

function CloseIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M6 6l12 12M18 6L6 18" strokeLinecap="round" />
    </svg>
  );
}

/**
 * The portal's frame: skip link, role-aware navigation (a sidebar from 768px up, a slide-in
 * menu below it, so a phone gets the whole width), who is signed in, sign out.
 */
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
  const [menuOpen, setMenuOpen] = useState(false);
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
    <div className="min-h-dvh bg-background text-foreground">
      <a
        className="absolute -left-[999px] top-2 z-[60] rounded-md bg-surface px-4 py-2 focus:left-2"
        href="#main"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-border bg-surface px-3 py-2 sm:px-5">
        <Sheet open={menuOpen} onOpenChange={setMenuOpen}>
          <SheetTrigger asChild>
            <Button variant="ghost" size="icon" className="md:hidden" aria-label="Menu">
              <MenuIcon />
            </Button>
          </SheetTrigger>
          <SheetContent side="left">
            <SheetClose asChild>
              <Button
                variant="ghost"
                size="icon"
                className="absolute top-2 right-2"
                aria-label="Close menu"
              >
                <CloseIcon />
              </Button>
            </SheetClose>
            <div className="flex flex-col gap-1 pr-10">
              <SheetTitle>
                Ducat <span className="font-normal text-muted-foreground">{area}</span>
              </SheetTitle>
              <SheetDescription className="break-all">
                {me.email} · <strong>{me.role}</strong>
              </SheetDescription>
            </div>
            <NavList
              area={area}
              nav={nav}
              pathname={pathname}
              onNavigate={() => setMenuOpen(false)}
            />
          </SheetContent>
        </Sheet>
        <Link href={home} className="font-bold text-foreground no-underline">
          Ducat <span className="font-normal text-muted-foreground">{area}</span>
        </Link>
        {tools ? (
          // One copy only (its radio inputs share a name): a line of its own on a phone.
          <div className="order-last basis-full sm:order-none sm:ml-auto sm:basis-auto">
            {tools}
          </div>
        ) : null}
        <div className={cn('ml-auto flex items-center gap-3', tools && 'sm:ml-0')}>
          <GlobalSearch me={me} />
          <span data-testid="who" className="hidden text-sm lg:inline">
            {me.email} · <strong>{me.role}</strong>
          </span>
          <Button
            variant="outline"
            size="sm"
            onClick={() => logOut.mutate()}
            disabled={logOut.isPending}
          >
            Sign out
          </Button>
        </div>
      </header>
      <div className="flex">
        <aside className="hidden w-56 shrink-0 border-r border-border bg-surface md:block">
          <div className="sticky top-[53px] max-h-[calc(100dvh-53px)] overflow-y-auto p-3">
            <NavList area={area} nav={nav} pathname={pathname} />
          </div>
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-3 py-4 sm:px-6 sm:py-6 lg:px-8">
          <StaffProvider me={me}>{children}</StaffProvider>
        </main>
      </div>
    </div>
  );
}
