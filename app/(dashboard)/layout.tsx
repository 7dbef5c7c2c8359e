import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { getConfig } from '@/lib/server/app-config';
import { requirePageSession } from '@/lib/server/page-session';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  const config = getConfig();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <AppHeader
        cloudName={config.cloudName}
        user={session.user.name}
        project={session.project}
        region={session.region}
        regions={session.regions}
      />
      <main id="main" className="mx-auto max-w-screen-2xl px-4 py-6">{children}</main>
    </div>
  );
}
