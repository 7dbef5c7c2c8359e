import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Snapdeck', template: '%s · Snapdeck' },
  description: 'Snapshots of OpenStack instances: create, find, launch from, and make consistent.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so Next.js can put this request's CSP nonce (set by
  // proxy.ts) on its scripts; a page prerendered at build time (`/`, the 404 page) would
  // carry scripts without one, which the CSP blocks.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
