import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { ApiProvider } from '@/lib/api';
import './globals.css';

export const metadata: Metadata = { title: 'Ducat checkout' };
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
