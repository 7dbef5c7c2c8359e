import { NavLinks } from './nav-links';
import { ProjectSwitcher } from './project-switcher';
import { RegionSwitcher } from './region-switcher';

export function AppHeader({ cloudName, user, project, region, regionCount }: { cloudName: string; user: string; project: { id: string; name: string }; region: string; regionCount: number }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <div className="flex items-baseline gap-2">
          <span className="text-lg font-semibold">Snapdeck</span>
          <span className="text-xs text-slate-500 dark:text-slate-400" title="Cloud">{cloudName}</span>
        </div>
        <NavLinks />
        <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
          <ProjectSwitcher current={project} />
          {regionCount > 1 ? <RegionSwitcher current={region} /> : <span className="text-slate-500 dark:text-slate-400">Region {region}</span>}
          <span className="text-slate-600 dark:text-slate-300" title="Signed in as">{user}</span>
          <form action="/api/auth/logout" method="post">
            <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">Sign out</button>
          </form>
        </div>
      </div>
    </header>
  );
}
