import type { ReactNode } from 'react';
import Link from 'next/link';
import { AppHeader } from '@/components/layout/app-header';
import { PageShell } from '@/components/layout/page-shell';
import { getConfig } from '@/lib/server/app-config';
import { readSession } from '@/lib/server/session';

// Rendered per request: the header depends on the visitor's session.
export const dynamic = 'force-dynamic';

/** Pages anyone may read, signed in or not: the app's header when there is a session,
 * else a plain one with the way into the app. */
export default async function DocsLayout({ children }: { children: ReactNode }) {
  const current = await readSession();
  const config = getConfig();
  const header = current ? (
    <AppHeader cloudName={config.cloudName} user={current.data.user.name} project={current.data.project} region={current.data.region} regionCount={current.data.regionCount} />
  ) : (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-screen-2xl items-center gap-4 px-4 py-2">
        <span className="text-lg font-semibold">Snapdeck</span>
        <Link href="/instances" className="ml-auto rounded-md px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-slate-100 dark:text-sky-300 dark:hover:bg-slate-800">
          Back to the app
        </Link>
      </div>
    </header>
  );
  return <PageShell header={header} mainClassName="py-8">{children}</PageShell>;
}
