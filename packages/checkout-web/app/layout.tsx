import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { ApiProvider } from '@/lib/api';
import './globals.css';

export const metadata: Metadata = {
  title: 'Ducat checkout',
  description: 'Pay securely with your Ducat wallet or a card.',
};
// Every page is rendered per request: the CSP nonce (proxy.ts) must reach Next's scripts, and a
// prerendered page (even the 404) would carry scripts without it.
export const dynamic = 'force-dynamic';
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ApiProvider>{children}</ApiProvider>
      </body>
    </html>
  );
}
