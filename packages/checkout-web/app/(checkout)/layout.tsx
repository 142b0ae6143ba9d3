import type { ReactNode } from 'react';

/**
 * The hosted checkout's frame: the merchant's page, not Ducat's site: no wallet navigation (the
 * wallet stays under /wallet), a calm background, the content centred.
 */
export default function CheckoutLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a
        className="absolute -left-[999px] top-2 z-10 rounded-md bg-surface px-4 py-2 text-foreground focus:left-2"
        href="#main"
      >
        Skip to content
      </a>
      <main id="main" className="min-h-dvh px-4 py-6 sm:py-10 lg:py-16">
        {children}
      </main>
    </>
  );
}
