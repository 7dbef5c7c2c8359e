import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { PageShell } from '@/components/layout/page-shell';
import { getConfig } from '@/lib/server/app-config';
import { requirePageSession } from '@/lib/server/page-session';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  const config = getConfig();
  return (
    <PageShell header={<AppHeader cloudName={config.cloudName} user={session.user.name} project={session.project} region={session.region} regionCount={session.regionCount} />}>
      {children}
    </PageShell>
  );
}
